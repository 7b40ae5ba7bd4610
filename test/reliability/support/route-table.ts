import { apiEndpoints, type EndpointDefinition } from '@aurastream/contract';

/** One endpoint of the contract, named `group.name` as the typed client names it. */
export interface ContractRoute {
  key: string;
  endpoint: EndpointDefinition;
}

/** Every endpoint of the contract's route table (`apiEndpoints`), in declaration order. */
export function contractRoutes(): ContractRoute[] {
  return Object.entries(apiEndpoints).flatMap(([group, endpoints]) =>
    Object.entries(endpoints as Record<string, EndpointDefinition>).map(([name, endpoint]) => ({
      key: `${group}.${name}`,
      endpoint,
    })),
  );
}

/** The path of an endpoint with its `{params}` filled in, percent-encoded, plus a query string. */
export function pathOf(
  endpoint: EndpointDefinition,
  params: Record<string, string> = {},
  query: Record<string, string> = {},
): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`${endpoint.method} ${endpoint.path}: no value for {${name}}`);
    }
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** The names of an endpoint's path parameters. */
export function paramNamesOf(endpoint: EndpointDefinition): string[] {
  return [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}
