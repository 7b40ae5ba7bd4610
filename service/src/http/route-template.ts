import type { RequestHandler, Response } from 'express';

/**
 * The contract path template (`/api/v1/assets/{id}`) a response answers, set before anything else
 * of its route runs, so the request's metrics and logs name the route, never the raw URL (whose
 * ids would make every request a label of its own).
 */
const routeTemplateKey = 'routeTemplate';

export function tagRouteTemplate(template: string): RequestHandler {
  return (_req, res, next) => {
    res.locals[routeTemplateKey] = template;
    next();
  };
}

/** The template of the route that answered, or undefined when none of the contract's did. */
export function routeTemplateOf(res: Response): string | undefined {
  return res.locals[routeTemplateKey] as string | undefined;
}
