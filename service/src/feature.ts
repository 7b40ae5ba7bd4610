import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Agenda } from 'agenda';

/**
 * A product feature as the service composes it: its routes, its background jobs and its start/stop
 * hooks. Features are built in `container.ts` with exactly the dependencies each one uses.
 */
export interface Feature {
  readonly name: string;
  /** The feature's routes; each carries its full path (`/api/v1/...`). */
  readonly router?: Router;
  /** Declares the feature's job types; called in every process that runs jobs. */
  registerJobs?(scheduler: Agenda): void;
  /** Runs once jobs are registered and the scheduler started (e.g. to schedule recurring jobs). */
  start?(context: { scheduler: Agenda | null; runsJobs: boolean }): Promise<void>;
  /** Called once the HTTP server exists (websockets attach here). */
  attachToServer?(server: Server): Promise<void> | void;
  stop?(): Promise<void>;
}
