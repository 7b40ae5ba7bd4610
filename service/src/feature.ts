import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Agenda } from 'agenda';
import type { HotRoute } from './http/hot-route';
import type { CallerVerifiers } from './http/route';

/**
 * A product feature as the service composes it: its HTTP routes, its background jobs and its
 * start/stop hooks. Features are built in `container.ts` with exactly the dependencies each one uses.
 */
export interface Feature {
  readonly name: string;
  /**
   * The feature's routes over its API, each with its full path (`/api/v1/...`). `callers` verifies
   * every kind of caller an endpoint may declare; the app passes the one set the container built.
   */
  routes?(callers: CallerVerifiers): Router;
  /**
   * The feature's hottest reads, also bound in `routes`: the app answers them ahead of Express
   * (`hot-lane.ts`), with the same answer.
   */
  hotRoutes?: HotRoute[];
  /** Declares the feature's job types; called in every process that runs jobs. */
  registerJobs?(scheduler: Agenda): void;
  /** Runs once jobs are registered and the scheduler started (e.g. to schedule recurring jobs). */
  start?(context: { scheduler: Agenda | null; runsJobs: boolean }): Promise<void>;
  /** Called once the HTTP server exists (websockets attach here). */
  attachToServer?(server: Server): Promise<void> | void;
  stop?(): Promise<void>;
}
