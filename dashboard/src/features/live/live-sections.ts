import type { ComponentType } from 'preact';
import { IdeasSection } from './ideas-section';
import { IdeaSettingsSection } from './idea-settings';
import { ChannelPointsSection } from './channel-points/channel-points-section';

/** A part of the Live page, in the order it shows. */
export interface LiveSection {
  id: string;
  component: ComponentType;
}

/** The Live page's sections: a live feature adds itself here with one line. */
export const liveSections: LiveSection[] = [
  { id: 'ideas', component: IdeasSection },
  { id: 'idea-settings', component: IdeaSettingsSection },
  { id: 'channel-points', component: ChannelPointsSection },
];
