/** A client of a running fake's control API (`/_fake/…`), for the CLI's commands. */
export class ControlClient {
  constructor(readonly url: string) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new Error(`No fake Twitch answers at ${this.url}: start one with npm run twitch:fake (or npm start)`);
    }
    const answer = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok) {
      throw new Error(answer.error?.message ?? `HTTP ${response.status}`);
    }
    return answer;
  }
}
