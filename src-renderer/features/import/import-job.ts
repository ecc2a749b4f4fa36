import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJob, ImportPhase } from '../../../src-shared/domain/imports';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';

/**
 * The import job lives in main's memory; the page only follows it. The last job's id is kept in
 * sessionStorage, so a clerk who leaves the page mid-check (the counter interrupts all day) comes
 * back to the same job. The file's content stays in this module's memory while the app runs,
 * so a changed column mapping can re-check the same file without choosing it again.
 */

const JOB_STORAGE_KEY = 'clerkdesk.import.jobId';
export const POLL_MS = 250;

/** Phases in which main is still working and the job must be asked again. */
const RUNNING: ReadonlySet<ImportPhase> = new Set(['reading', 'checking', 'committing']);

export function isRunning(job: ImportJob | null): boolean {
  return job !== null && RUNNING.has(job.phase);
}

export function storedJobId(): string | null {
  try {
    return window.sessionStorage.getItem(JOB_STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeJobId(jobId: string | null): void {
  try {
    if (jobId === null) window.sessionStorage.removeItem(JOB_STORAGE_KEY);
    else window.sessionStorage.setItem(JOB_STORAGE_KEY, jobId);
  } catch {
    // No storage: the job is followed for as long as the page stays open.
  }
}

export interface HeldFile {
  fileName: string;
  contentBase64: string;
  /** The jobs started from this content (the first check, then each re-check with another mapping). */
  jobIds: Set<string>;
}

let heldFile: HeldFile | null = null;

export function holdFile(fileName: string, contentBase64: string): HeldFile {
  heldFile = { fileName, contentBase64, jobIds: new Set() };
  return heldFile;
}

export function fileOfJob(jobId: string | null): HeldFile | null {
  return jobId !== null && heldFile?.jobIds.has(jobId) ? heldFile : null;
}

export function forgetFile(): void {
  heldFile = null;
}

export interface FollowedJob {
  jobId: string | null;
  job: ImportJob | null;
  /** The last failed question about the job (e.g. main restarted and forgot it). */
  error: AppErrorShape | null;
  /** Follow this job from now on (its first answer is given, as imports.start/commit return it). */
  follow(job: ImportJob): void;
  /** Stop following any job (the clerk starts over). */
  clear(): void;
}

/** Follows the current job: asks imports.job every POLL_MS while main is working on it. */
export function useImportJob(): FollowedJob {
  const api = useApi();
  const [state, setState] = useState<{ jobId: string | null; job: ImportJob | null; error: AppErrorShape | null }>(
    () => ({ jobId: storedJobId(), job: null, error: null }),
  );
  const { jobId, job } = state;
  // Ask when the job is unknown yet (resuming) or still running; stop once it waits for the clerk.
  const needsAsking = jobId !== null && (job === null || isRunning(job));

  useEffect(() => {
    if (!needsAsking || jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const result = await api.invoke('imports.job', { jobId });
      if (stopped) return;
      if (result.ok) {
        setState((s) => (s.jobId === jobId ? { ...s, job: result.value, error: null } : s));
        if (isRunning(result.value)) timer = setTimeout(ask, POLL_MS);
      } else if (result.error.code === 'NOT_FOUND' || result.error.code === 'VALIDATION') {
        // Main no longer has the job (restarted, or the job expired): start over.
        storeJobId(null);
        setState({ jobId: null, job: null, error: result.error });
      } else {
        setState((s) => (s.jobId === jobId ? { ...s, error: result.error } : s));
        timer = setTimeout(ask, POLL_MS * 4);
      }
    };
    void ask();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, jobId, needsAsking]);

  // Once written, everything shown elsewhere (counts, lists) is out of date.
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (job?.phase === 'done' && refreshedFor.current !== job.jobId) {
      refreshedFor.current = job.jobId;
      // Written: the file's content is of no further use, and can be tens of megabytes.
      if (fileOfJob(job.jobId)) forgetFile();
      api.invalidate();
    }
  }, [api, job]);

  const follow = useCallback((next: ImportJob) => {
    storeJobId(next.jobId);
    setState({ jobId: next.jobId, job: next, error: null });
  }, []);
  const clear = useCallback(() => {
    storeJobId(null);
    setState({ jobId: null, job: null, error: null });
  }, []);

  return { ...state, follow, clear };
}
