import type { BrandKitService } from '../brand-kits/brand-kit.service';
import { toBrandStyle } from '../brand-kits/brand-style';
import { NotFoundError } from '../shared/errors';
import type { BrandKitLookup } from './dependencies';

/** Generation's view of the brand kits feature, through its service. */
export function brandKitLookupFrom(brandKits: Pick<BrandKitService, 'getForGeneration'>): BrandKitLookup {
  return {
    async kitForGeneration(userId, brandKitId) {
      const kit = await brandKits.getForGeneration(userId, brandKitId);
      return kit ? { id: kit.id } : null;
    },
    async styleOf(userId, brandKitId) {
      try {
        const kit = await brandKits.getForGeneration(userId, brandKitId);
        return kit ? toBrandStyle(kit) : null;
      } catch (error) {
        // deleted since the job was queued: the job goes on without the kit
        if (error instanceof NotFoundError) {
          return null;
        }
        throw error;
      }
    },
  };
}
