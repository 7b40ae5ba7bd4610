import { EmptyState } from '../../ui/empty-state';
import { ButtonLink } from '../../ui/button';
import { useDocumentTitle } from '../../ui/page';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <div class="not-found">
      <EmptyState
        icon="alert"
        headingLevel={1}
        title="This page went offline"
        actions={
          <ButtonLink href="/" variant="primary" icon="home">
            Back to the dashboard
          </ButtonLink>
        }
      >
        The link may be old, or the page moved. Everything you made is still safe in your library.
      </EmptyState>
    </div>
  );
}
