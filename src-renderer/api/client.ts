import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import { contract, type InputOf, type MethodName, type OutputOf } from '../../src-shared/contract/index';
import type { AppErrorShape, Result } from '../../src-shared/errors';
import type { Transport } from './transport';

/** The renderer's one way to call main: typed from the contract, over whichever transport was chosen at start. */
export interface ApiClient {
  readonly transport: Transport;
  invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  /** Subscribe to "the archive changed" (after every successful write); returns unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Grows by one after every successful write; queries fetch again when it changes. */
  version(): number;
  /** Marks every cached answer stale (e.g. after a write made through another door). */
  invalidate(): void;
  /** Last answers by method + input, so going back to a page shows it at once while it refreshes. */
  readonly cache: Map<string, unknown>;
}

const CACHE_LIMIT = 200;

export function createApiClient(transport: Transport): ApiClient {
  let version = 0;
  let endedNoticeAt = Number.NEGATIVE_INFINITY;
  const listeners = new Set<() => void>();
  const cache = new Map<string, unknown>();
  const invalidate = () => {
    cache.clear();
    version += 1;
    for (const l of listeners) l();
  };
  return {
    transport,
    cache,
    async invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
      const result = (await transport.invoke(method, input)) as Result<OutputOf<M>>;
      if (result.ok && contract[method].mutates) invalidate();
      // The archive logged this door out (idle, deactivated): everything refetches and the login
      // shows (once: the pages still mounted meanwhile are refused the same way).
      else if (
        !result.ok &&
        result.error.code === 'UNAUTHORIZED' &&
        result.error.details?.sessionEnded &&
        performance.now() - endedNoticeAt > 2000
      ) {
        endedNoticeAt = performance.now();
        invalidate();
      }
      return result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    invalidate,
  };
}

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return createElement(ApiContext.Provider, { value: client }, children);
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}

export interface QueryState<T> {
  data: T | undefined;
  error: AppErrorShape | null;
  /** True while an answer for the current input is on its way (older data may still be shown). */
  loading: boolean;
  reload(): void;
}

export interface QueryOptions {
  /** Keep showing the previous input's answer while the next one loads (paging a table). */
  keepPrevious?: boolean;
}

function queryKey(method: string, input: unknown): string {
  return `${method}\u0000${JSON.stringify(input)}`;
}

/** A small stand-in for react-query: one call per (method, input), refetched after writes. `input: null` skips. */
export function useQuery<M extends MethodName>(
  method: M,
  input: InputOf<M> | null,
  options: QueryOptions = {},
): QueryState<OutputOf<M>> {
  const api = useApi();
  const key = input === null ? null : queryKey(method, input);
  const version = useSyncExternalStore(api.subscribe, api.version, api.version);
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{
    /** The input asked for last. */
    key: string | null;
    /** The input `data` answers; differs from key while the next answer loads. */
    dataKey: string | null;
    data: OutputOf<M> | undefined;
    error: AppErrorShape | null;
    loading: boolean;
  }>({ key: null, dataKey: null, data: undefined, error: null, loading: false });

  // biome-ignore lint/correctness/useExhaustiveDependencies: version and tick are refetch triggers; the input is carried by key
  useEffect(() => {
    if (key === null) return;
    let current = true;
    const parsedInput = JSON.parse(key.slice(key.indexOf('\u0000') + 1)) as InputOf<M>;
    setState((s) => ({ ...s, key, error: null, loading: true }));
    void api.invoke(method, parsedInput).then((result) => {
      if (!current) return;
      if (result.ok) {
        api.cache.delete(key);
        api.cache.set(key, result.value);
        if (api.cache.size > CACHE_LIMIT) {
          const oldest = api.cache.keys().next().value;
          if (oldest !== undefined) api.cache.delete(oldest);
        }
        setState({ key, dataKey: key, data: result.value, error: null, loading: false });
      } else {
        setState((s) => ({ ...s, key, error: result.error, loading: false }));
      }
    });
    return () => {
      current = false;
    };
  }, [api, method, key, version, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const cached = key === null ? undefined : (api.cache.get(key) as OutputOf<M> | undefined);
  const sameKey = state.key === key;
  const data =
    (state.dataKey === key ? state.data : undefined) ?? cached ?? (options.keepPrevious ? state.data : undefined);
  return {
    data: key === null ? undefined : data,
    error: sameKey ? state.error : null,
    loading: key !== null && (!sameKey || state.loading),
    reload,
  };
}
