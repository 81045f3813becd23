import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../auth.js';
import type { AppContext } from '../context.js';

export type BodyKind = 'json' | 'form' | 'none';

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (body kind `json`), or undefined when the request had no body. */
  body: unknown;
  /** Parsed form fields (body kind `form`). */
  form: URLSearchParams;
  correlationId: string;
  app: AppContext;
}

export interface AuthedRequest extends RequestContext {
  principal: Principal;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteBase {
  method: string;
  /** Path template with `{name}` segments, e.g. `/api/v2/oauth/clients/{clientId}`. */
  path: string;
  body: BodyKind;
}

/** Platform API route: runs after bearer authentication and rate limiting. */
export interface BearerRoute extends RouteBase {
  auth: 'bearer';
  handler: (req: AuthedRequest) => HandlerResult | Promise<HandlerResult>;
}

/** Route without bearer auth: the token endpoint and the control API. */
export interface PublicRoute extends RouteBase {
  auth: 'none';
  handler: (req: RequestContext) => HandlerResult | Promise<HandlerResult>;
}

export type Route = BearerRoute | PublicRoute;

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Literal segments beat parameters, so `/users/search` wins over `/users/{userId}`. */
export class Router {
  private compiled: CompiledRoute[] = [];
  /**
   * Routes without parameters by `METHOD path`: most requests hit one, and a map lookup spares them the scan of
   * every route's regex. Same answer as the scan: literal routes sort first, and the first one added wins.
   */
  private literal = new Map<string, Route>();

  add(routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.path
        .split('/')
        .map((segment) => {
          const m = /^\{(\w+)\}$/.exec(segment);
          if (!m) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(m[1] as string);
          return '([^/]+)';
        })
        .join('/');
      this.compiled.push({ route, regex: new RegExp(`^${pattern}/?$`), names });
      const key = `${route.method} ${route.path}`;
      if (names.length === 0 && !this.literal.has(key)) this.literal.set(key, route);
    }
    // More literal segments first; stable otherwise.
    this.compiled.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    // The regexes accept one trailing slash, so the lookup does too.
    const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const literal = this.literal.get(`${method} ${bare}`);
    if (literal) return { route: literal, params: {} };
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}
