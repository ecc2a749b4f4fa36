import path from 'node:path';

/**
 * Which better_sqlite3.node the desktop app loads. Pure (no Electron), so it is unit-tested.
 *
 * The node_modules copy is built for Node; Electron needs its own build (docs/desktop-build.md),
 * looked up in this order:
 *   1. CLERKDESK_SQLITE_BINDING=/path/to/better_sqlite3.node — development builds only. A native
 *      module runs with the app's full rights, so in an installed (packaged) app an environment
 *      variable must not be able to choose one: there it is ignored, and the caller logs that.
 *   2. packaged: <resources>/native/better_sqlite3.node (electron-builder extraResources)
 *   3. unpackaged: resources/native/<os>-<arch>/better_sqlite3.node (os: win | linux | mac)
 * and otherwise node_modules' copy (undefined: better-sqlite3 finds its own).
 */
export interface SqliteBindingInput {
  /** app.isPackaged: true in an installed app. */
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
  /** process.resourcesPath (packaged). */
  resourcesPath: string;
  /** app.getAppPath() (unpackaged: the repository). */
  appPath: string;
  platform: NodeJS.Platform;
  arch: string;
  exists: (file: string) => boolean;
}

export interface SqliteBindingChoice {
  /** Passed to better-sqlite3 as `nativeBinding`; undefined means its own copy. */
  nativeBinding: string | undefined;
  source: 'override' | 'packaged' | 'development' | 'node_modules';
  /** The override that was set but not honoured (packaged app), for the log. */
  ignoredOverride: string | null;
}

export const SQLITE_BINDING_ENV = 'CLERKDESK_SQLITE_BINDING';

function builderOs(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : platform;
}

export function chooseSqliteBinding(input: SqliteBindingInput): SqliteBindingChoice {
  const override = input.env[SQLITE_BINDING_ENV]?.trim() || null;
  if (override && !input.isPackaged)
    return { nativeBinding: path.resolve(override), source: 'override', ignoredOverride: null };
  const ignoredOverride = override && input.isPackaged ? override : null;
  const candidate = input.isPackaged
    ? path.join(input.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(
        input.appPath,
        'resources',
        'native',
        `${builderOs(input.platform)}-${input.arch}`,
        'better_sqlite3.node',
      );
  if (input.exists(candidate))
    return { nativeBinding: candidate, source: input.isPackaged ? 'packaged' : 'development', ignoredOverride };
  return { nativeBinding: undefined, source: 'node_modules', ignoredOverride };
}
