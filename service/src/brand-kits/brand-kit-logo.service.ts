import type { FileStorage } from '../storage';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import { inspectImage } from '../uploads/image-inspection';
import { reencodeImage } from '../uploads/image-reencoding';
import type { UploadedFile } from '../uploads/multipart';
import type { StoredLogo } from './brand-kit.model';
import type { BrandKitEntity, BrandKitRepository } from './brand-kit.repository';
import { brandKitNotFound, logoNotFound } from './errors';
import type { LogoType } from '@aurastream/contract';
import { effectiveLogoUrl } from './brand-kit.presenter';
import { newLogoKey } from './storage-keys';

/** Largest logo side accepted, in pixels (a 4K-wide banner logo fits twice). */
export const MAX_LOGO_SIDE_PX = 8192;

/**
 * A kit's logos: uploads checked by content, one file per logo type (replacing one deletes the old
 * file), and the choice of the logo generated assets carry.
 */
export class BrandKitLogoService {
  constructor(
    private readonly kits: BrandKitRepository,
    private readonly storage: FileStorage,
    private readonly logger: Logger,
  ) {}

  async list(userId: UserId, kitId: string): Promise<BrandKitEntity> {
    return this.findKit(userId, kitId);
  }

  async get(userId: UserId, kitId: string, type: LogoType): Promise<StoredLogo> {
    const logo = (await this.findKit(userId, kitId)).logos[type];
    if (!logo) {
      throw logoNotFound(type);
    }
    return logo;
  }

  /**
   * Checks the image, re-encodes it without its metadata, stores it under a new key, records it,
   * then deletes the file it replaced.
   */
  async upload(userId: UserId, kitId: string, type: LogoType, file: UploadedFile): Promise<StoredLogo> {
    await this.findKit(userId, kitId);
    const inspected = await inspectImage(file.data, { maxSide: MAX_LOGO_SIDE_PX });
    // logos are served publicly: only the pixels go out, never the upload's metadata or extra bytes
    const image = await reencodeImage(file.data, inspected, { maxSide: MAX_LOGO_SIDE_PX });
    const key = newLogoKey(userId, kitId, type, image.format);
    await this.storage.put(key, image.data, image.contentType);
    const logo: StoredLogo = {
      storage_key: key,
      format: image.format,
      content_type: image.contentType,
      width: image.width,
      height: image.height,
      file_size: image.data.length,
      filename: file.filename,
      uploaded_at: new Date(),
    };
    const result = await this.kits.setLogo(userId, kitId, type, logo);
    if (!result) {
      // the kit was deleted while the file was being stored
      await this.storage.delete(key);
      throw brandKitNotFound();
    }
    if (result.replaced) {
      await this.deleteFile(result.replaced.storage_key);
    }
    await this.kits.storeLogoUrl(userId, result.kit, effectiveLogoUrl(result.kit, this.fileUrl));
    return logo;
  }

  async delete(userId: UserId, kitId: string, type: LogoType): Promise<void> {
    await this.findKit(userId, kitId);
    const removed = await this.kits.removeLogo(userId, kitId, type);
    if (!removed) {
      throw logoNotFound(type);
    }
    await this.deleteFile(removed.storage_key);
    await this.refreshLogoUrl(userId, kitId);
  }

  /** Chooses the logo generated assets carry; it must have been uploaded. */
  async setDefault(userId: UserId, kitId: string, type: LogoType): Promise<BrandKitEntity> {
    const kit = await this.findKit(userId, kitId);
    if (!kit.logos[type]) {
      throw logoNotFound(type);
    }
    const updated = await this.kits.setDefaultLogoType(userId, kitId, type);
    if (!updated) {
      throw brandKitNotFound();
    }
    await this.kits.storeLogoUrl(userId, updated, effectiveLogoUrl(updated, this.fileUrl));
    return updated;
  }

  private readonly fileUrl = (key: string): string => this.storage.url(key);

  private async refreshLogoUrl(userId: UserId, kitId: string): Promise<void> {
    const kit = await this.kits.findById(userId, kitId);
    if (kit) {
      await this.kits.storeLogoUrl(userId, kit, effectiveLogoUrl(kit, this.fileUrl));
    }
  }

  /** A file left behind is only wasted space; the answer does not depend on removing it. */
  private async deleteFile(key: string): Promise<void> {
    try {
      await this.storage.delete(key);
    } catch (error) {
      this.logger.warn({ err: error, key }, 'could not delete a replaced logo file');
    }
  }

  private async findKit(userId: UserId, kitId: string): Promise<BrandKitEntity> {
    const kit = await this.kits.findById(userId, kitId);
    if (!kit) {
      throw brandKitNotFound();
    }
    return kit;
  }
}
