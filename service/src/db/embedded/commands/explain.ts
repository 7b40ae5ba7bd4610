/**
 * The explain command for find, count, distinct, update, delete, findAndModify
 * and aggregate: runs the same planning and execution as the command (without
 * writing anything) and reports mongod's classic explain shape — queryPlanner
 * with IDHACK / COLLSCAN / FETCH+IXSCAN (index name, bounds) and SORT / SKIP /
 * LIMIT / PROJECTION stages, executionStats with keys and documents examined.
 */
import { ErrorCodes, MongoCommandError } from '../errors';
import type { Plan } from '../planner';
import { runQuery, type ExecStats, type QueryRequest } from '../query';
import type { Collection } from '../storage/collection';
import { isPlainObject, type Document } from '../types';
import { aggregateTarget } from './aggregate';
import { collectionArg, commandContext, type CommandContext } from './context';
import { countTarget, findTarget } from './read';
import { deleteRequest, findAndModifyRequest, updateRequest } from './write';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

function indexScanStage(plan: Extract<Plan, { kind: 'ixscan' }>): Document {
  const index = plan.index;
  const multiKeyPaths: Document = {};
  index.fields.forEach((f) => (multiKeyPaths[f] = index.multikey ? [f] : []));
  return {
    stage: 'IXSCAN',
    keyPattern: index.spec.key,
    indexName: index.name,
    isMultiKey: index.multikey,
    multiKeyPaths,
    isUnique: index.unique || index.isId,
    isSparse: index.sparse,
    isPartial: index.partial !== undefined,
    indexVersion: 2,
    direction: plan.reverse ? 'backward' : 'forward',
    indexBounds: plan.bounds(),
  };
}

/** The stage tree of a query, innermost first: access path, then sort/skip/limit/projection. */
export function planStages(plan: Plan, req: QueryRequest, stats?: ExecStats): Document {
  let stage: Document;
  switch (plan.kind) {
    case 'idhack':
      stage = { stage: 'IDHACK' };
      break;
    case 'text':
      stage = {
        stage: 'TEXT_MATCH',
        indexPrefix: {},
        indexName: plan.index.name,
        parsedTextQuery: { terms: plan.query.search.split(/\s+/).filter(Boolean) },
        inputStage: {
          stage: 'FETCH',
          inputStage: { stage: 'TEXT_OR', inputStage: { stage: 'IXSCAN', indexName: plan.index.name } },
        },
      };
      break;
    case 'collscan':
      stage = { stage: 'COLLSCAN', filter: req.filter, direction: plan.reverse ? 'backward' : 'forward' };
      break;
    case 'ixscan':
      stage = { stage: 'FETCH', filter: req.filter, inputStage: indexScanStage(plan) };
      break;
  }
  if (stats) {
    if (plan.kind === 'ixscan') {
      Object.assign(stage, { docsExamined: stats.docsExamined });
      Object.assign(stage['inputStage'] as Document, { keysExamined: stats.keysExamined });
    } else {
      Object.assign(stage, { docsExamined: stats.docsExamined, keysExamined: stats.keysExamined });
    }
  }
  const sort = req.sort && Object.keys(req.sort).length > 0 ? req.sort : undefined;
  const limit = req.limit ? Math.abs(req.limit) : 0;
  if (sort && !(plan.kind === 'ixscan' && plan.servesSort)) {
    stage = {
      stage: 'SORT',
      sortPattern: sort,
      memLimit: 104_857_600,
      ...(limit ? { limitAmount: limit + (req.skip ?? 0) } : {}),
      type: 'simple',
      inputStage: stage,
    };
  } else if (limit) {
    stage = { stage: 'LIMIT', limitAmount: limit, inputStage: stage };
  }
  if (req.skip) {
    stage = { stage: 'SKIP', skipAmount: req.skip, inputStage: stage };
  }
  if (req.projection && Object.keys(req.projection).length > 0) {
    stage = { stage: 'PROJECTION_DEFAULT', transformBy: req.projection, inputStage: stage };
  }
  return stage;
}

/** queryPlanner (and executionStats unless `queryPlanner` verbosity) for one query. */
export function explainQuery(
  ns: string,
  coll: Collection | undefined,
  req: QueryRequest,
  verbosity: string,
  wrap?: string,
): Document {
  const run = runQuery(coll, req);
  const around = (inner: Document): Document => (wrap ? { stage: wrap, inputStage: inner } : inner);
  const out: Document = {
    queryPlanner: {
      namespace: ns,
      indexFilterSet: false,
      parsedQuery: req.filter,
      ...(req.collation ? { collation: req.collation } : {}),
      maxIndexedOrSolutionsReached: false,
      maxIndexedAndSolutionsReached: false,
      maxScansToExplodeReached: false,
      winningPlan: around(planStages(run.plan, req)),
      rejectedPlans: [],
    },
  };
  if (verbosity !== 'queryPlanner') {
    out['executionStats'] = {
      executionSuccess: true,
      nReturned: run.stats.nReturned,
      executionTimeMillis: run.stats.executionTimeMillis,
      totalKeysExamined: run.stats.keysExamined,
      totalDocsExamined: run.stats.docsExamined,
      executionStages: around({ ...planStages(run.plan, req, run.stats), nReturned: run.stats.nReturned }),
    };
  }
  return out;
}

function sub(ctx: CommandContext, inner: Document): CommandContext {
  const commandName = Object.keys(inner)[0] ?? '';
  return commandContext(ctx, ctx.db, { ...inner, let: inner['let'] }, commandName);
}

function firstStatement(cmd: Document, field: string): Document {
  const list = cmd[field];
  const first = Array.isArray(list) ? (list[0] as unknown) : undefined;
  if (!isPlainObject(first)) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, `explain of ${field} needs at least one statement`);
  }
  return first;
}

export function explain(ctx: CommandContext): Document {
  const inner = ctx.command['explain'];
  if (!isPlainObject(inner)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      "BSON field 'explain' is the wrong type, expected type 'object'",
    );
  }
  const verbosity = ctx.command['verbosity'] ?? 'allPlansExecution';
  if (typeof verbosity !== 'string' || !VERBOSITIES.has(verbosity)) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`,
    );
  }
  const c = sub(ctx, inner);
  const ns = (name: string): string => `${ctx.db}.${name}`;
  let body: Document;
  switch (c.commandName) {
    case 'find': {
      const t = findTarget(c);
      body = explainQuery(t.ns, t.coll, t.req, verbosity);
      break;
    }
    case 'count': {
      const t = countTarget(c);
      body = explainQuery(t.ns, t.coll, t.req, verbosity, 'COUNT');
      break;
    }
    case 'distinct': {
      const name = collectionArg(c);
      const coll = ctx.engine.getCollection(ctx.db, name);
      const filter = isPlainObject(inner['query']) ? inner['query'] : {};
      body = explainQuery(ns(name), coll, { filter }, verbosity);
      break;
    }
    case 'update': {
      const name = collectionArg(c);
      const coll = ctx.engine.getCollection(ctx.db, name);
      body = explainQuery(
        ns(name),
        coll,
        updateRequest(c, firstStatement(inner, 'updates'), coll),
        verbosity,
        'UPDATE',
      );
      break;
    }
    case 'delete': {
      const name = collectionArg(c);
      const coll = ctx.engine.getCollection(ctx.db, name);
      body = explainQuery(
        ns(name),
        coll,
        deleteRequest(c, firstStatement(inner, 'deletes'), coll),
        verbosity,
        'DELETE',
      );
      break;
    }
    case 'findAndModify':
    case 'findandmodify': {
      const name = collectionArg(c);
      const coll = ctx.engine.getCollection(ctx.db, name);
      body = explainQuery(
        ns(name),
        coll,
        findAndModifyRequest(c, coll),
        verbosity,
        inner['remove'] === true ? 'DELETE' : 'UPDATE',
      );
      break;
    }
    case 'aggregate':
      body = explainAggregate(c, verbosity);
      break;
    default:
      throw new MongoCommandError(
        ErrorCodes.CommandNotFound,
        `Explain failed due to unknown command: ${c.commandName}`,
      );
  }
  return {
    explainVersion: '1',
    ...body,
    command: inner,
    serverInfo: {
      host: ctx.server.host,
      port: ctx.server.port,
      version: ctx.server.version,
      gitVersion: 'aurastream-embedded',
    },
    ok: 1,
  };
}

/** An aggregate: its leading $match (and what follows) as mongod reports them. */
export function explainAggregate(ctx: CommandContext, verbosity: string): Document {
  const t = aggregateTarget(ctx);
  const cursor = explainQuery(t.ns, t.coll, t.req, verbosity);
  if (t.rest.length === 0) {
    return cursor; // the whole pipeline runs as the query, as mongod pushes it down
  }
  return { stages: [{ $cursor: cursor }, ...t.rest] };
}
