import { PageHeader } from '../../ui/page';
import { liveSections } from './live-sections';

/** Live on stream: viewers' ideas to moderate, what they became, and the channel's live settings. */
export function LivePage() {
  return (
    <div class="page live-page">
      <PageHeader
        eyebrow="On stream"
        title="Live"
        description="Your viewers suggest art from chat, your panel and channel points. Approve the best, and publish what you like."
      />
      {liveSections.map(({ id, component: Section }) => (
        <div key={id} class="live-section" data-section={id}>
          <Section />
        </div>
      ))}
    </div>
  );
}
