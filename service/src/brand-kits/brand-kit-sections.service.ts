import type { UserId } from '../users/user.repository';
import type { BrandKitChanges, BrandKitEntity, BrandKitRepository } from './brand-kit.repository';
import { brandKitNotFound } from './errors';
import type { BrandColors, BrandGuidelines, BrandTypography, BrandVoice } from '@aurastream/contract';
import {
  coreFromColors,
  coreFromGuidelines,
  coreFromTypography,
  coreFromVoice,
  defaultColors,
  defaultGuidelines,
  defaultTypography,
  defaultVoice,
} from './sections';

/** The value of each extended section. */
export interface BrandKitSections {
  colors: BrandColors;
  typography: BrandTypography;
  voice: BrandVoice;
  guidelines: BrandGuidelines;
}

export type BrandKitSectionName = keyof BrandKitSections;

/** Where a section is stored, its defaults, and what writing it changes in the core columns. */
interface SectionRules<S extends BrandKitSectionName> {
  stored(kit: BrandKitEntity): BrandKitSections[S] | null;
  defaults(kit: BrandKitEntity): BrandKitSections[S];
  changes(value: BrandKitSections[S], kit: BrandKitEntity): BrandKitChanges;
}

const rules: { [S in BrandKitSectionName]: SectionRules<S> } = {
  colors: {
    stored: (kit) => kit.colors_extended,
    defaults: defaultColors,
    changes: (colors) => ({ colors_extended: colors, ...coreFromColors(colors) }),
  },
  typography: {
    stored: (kit) => kit.typography,
    defaults: defaultTypography,
    changes: (typography, kit) => ({ typography, ...coreFromTypography(typography, kit.fonts) }),
  },
  voice: {
    stored: (kit) => kit.voice,
    defaults: defaultVoice,
    changes: (voice) => ({ voice, ...coreFromVoice(voice) }),
  },
  guidelines: {
    stored: (kit) => kit.guidelines,
    defaults: defaultGuidelines,
    changes: (guidelines) => ({ guidelines, ...coreFromGuidelines(guidelines) }),
  },
};

/** Reads and replaces the extended sections (colors, typography, voice, guidelines) of a kit. */
export class BrandKitSectionService {
  constructor(private readonly kits: BrandKitRepository) {}

  /** The stored section, or defaults derived from the kit's core columns. */
  async get<S extends BrandKitSectionName>(userId: UserId, id: string, section: S): Promise<BrandKitSections[S]> {
    const kit = await this.findKit(userId, id);
    const rule = rules[section] as SectionRules<S>;
    return rule.stored(kit) ?? rule.defaults(kit);
  }

  /** Replaces the whole section (validated by the caller) and the core columns it covers. */
  async replace<S extends BrandKitSectionName>(
    userId: UserId,
    id: string,
    section: S,
    value: BrandKitSections[S],
  ): Promise<BrandKitSections[S]> {
    const kit = await this.findKit(userId, id);
    const rule = rules[section] as SectionRules<S>;
    const updated = await this.kits.update(userId, id, rule.changes(value, kit));
    if (!updated) {
      throw brandKitNotFound();
    }
    return rule.stored(updated) ?? value;
  }

  private async findKit(userId: UserId, id: string): Promise<BrandKitEntity> {
    const kit = await this.kits.findById(userId, id);
    if (!kit) {
      throw brandKitNotFound();
    }
    return kit;
  }
}
