import { Link } from '../lib/router';

export function Wordmark() {
  return (
    <Link href="/" class="wordmark" aria-label="AuraStream home">
      <img src="/favicon.svg" alt="" width={30} height={30} />
      <span>
        Aura<strong>Stream</strong>
      </span>
    </Link>
  );
}
