import { useEffect, useRef, useState } from 'preact/hooks';
import type { Camelize, CoachIntent, CoachStreamChunk, EventStream } from '@aurastream/contract';
import { api } from '../../api/client';
import { track } from '../../lib/analytics';
import { reportError } from '../upgrade/upgrade-prompt';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

type Chunk = Camelize<CoachStreamChunk>;
export type Intent = Camelize<CoachIntent>;

export interface CoachState {
  sessionId: string | null;
  messages: ChatMessage[];
  /** The answer being streamed, token by token. */
  streaming: string | null;
  grounding: string[];
  intent: Intent | null;
  turnsRemaining: number | null;
  error: string | null;
  ended: boolean;
}

const initial: CoachState = {
  sessionId: null,
  messages: [],
  streaming: null,
  grounding: [],
  intent: null,
  turnsRemaining: null,
  error: null,
  ended: false,
};

/** A coach conversation: streams each answer into the transcript as its tokens arrive. */
export function useCoach() {
  const [state, setState] = useState<CoachState>(initial);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const consume = async (open: (signal: AbortSignal) => Promise<EventStream<Chunk>>) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState((previous) => ({ ...previous, streaming: '', error: null }));
    let answer = '';
    try {
      const stream = await open(controller.signal);
      const headerSession = stream.headers.get('x-coach-session-id');
      if (headerSession) {
        setState((previous) => ({ ...previous, sessionId: headerSession }));
      }
      for await (const chunk of stream) {
        switch (chunk.type) {
          case 'token':
            answer += chunk.content;
            setState((previous) => ({ ...previous, streaming: answer }));
            break;
          case 'grounding':
            setState((previous) => ({ ...previous, grounding: [...previous.grounding, chunk.content] }));
            break;
          case 'grounding_complete':
            break;
          case 'intent_ready':
            track('coach_intent_ready', 'feature', { version: chunk.metadata.version });
            setState((previous) => ({ ...previous, intent: chunk.metadata }));
            break;
          case 'done':
            setState((previous) => ({
              ...previous,
              sessionId: chunk.metadata.sessionId,
              turnsRemaining: chunk.metadata.turnsRemaining,
            }));
            break;
          case 'error':
            setState((previous) => ({ ...previous, error: chunk.content }));
            break;
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      reportError(error);
    } finally {
      setState((previous) => ({
        ...previous,
        streaming: null,
        messages: answer ? [...previous.messages, { role: 'assistant', content: answer }] : previous.messages,
      }));
    }
  };

  const start = (input: Parameters<typeof api.coach.start>[0]['body']) => {
    setState({ ...initial, messages: [{ role: 'user', content: input.description }] });
    track('coach_session_started', 'feature', { asset_type: input.assetType });
    return consume((signal) => api.coach.start({ body: input }, { signal }));
  };

  const send = (message: string) => {
    const id = state.sessionId;
    if (!id) {
      return Promise.resolve();
    }
    setState((previous) => ({ ...previous, messages: [...previous.messages, { role: 'user', content: message }] }));
    return consume((signal) => api.coach.sendMessage({ params: { id }, body: { message } }, { signal }));
  };

  const end = async () => {
    abort.current?.abort();
    const id = state.sessionId;
    if (id) {
      try {
        const result = await api.coach.endSession({ params: { id } });
        setState((previous) => ({ ...previous, intent: result.intent, ended: true }));
        return;
      } catch (error) {
        reportError(error);
      }
    }
    setState((previous) => ({ ...previous, ended: true }));
  };

  const reset = () => {
    abort.current?.abort();
    setState(initial);
  };

  return { state, start, send, end, reset };
}
