import type { ComponentType } from 'preact';
import { IdeasSection } from './ideas-section';
import { IdeaSettingsSection } from './idea-settings';

/** A part of the Live page, in the order it shows. */
export interface LiveSection {
  id: string;
  component: ComponentType;
}

/**
 * The Live page's sections. Another live feature (the channel-point reward) adds itself here with
 * one line, e.g. `{ id: 'channel-points', component: ChannelPointsSection }`.
 */
export const liveSections: LiveSection[] = [
  { id: 'ideas', component: IdeasSection },
  { id: 'idea-settings', component: IdeaSettingsSection },
];
