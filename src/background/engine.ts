/**
 * The sync engine: one per worker instance. It owns single flight (a promise in memory plus
 * a lease in storage), turns alarms, timers and admin actions into at most one request at a
 * time, and keeps the schedule in step with the state. Every browser dependency is a port.
 */

import type { GateReason, SyncNowResult } from '../shared/messages.ts';
import { dashboardOrigin, type Settings } from '../shared/settings.ts';
import type { DashboardContext, SyncState, Trigger } from '../shared/sync-state.ts';
import { SYNC_LEASE_MS } from '../shared/constants.ts';
import { decideAttempt, DUE_TOLERANCE_MS } from './decide-attempt.ts';
import { createScheduler, type AlarmPort } from './scheduler.ts';
import { createStateStore, type StoragePort } from './state-store.ts';
import { requestSync, type SyncRequestPorts } from './sync-request.ts';
import {
  applyContext,
  applyPageSync,
  applySettings,
  distrustFuture,
  finishSync,
  followClient,
  followDashboard,
  intervalMs,
  notePageSyncGone,
  notePageSyncStart,
  recoverLease,
  reschedule,
  setPauseFlag,
  type PageSync,
} from './transitions.ts';

export interface EnginePorts extends SyncRequestPorts {
  random: () => number;
  storage: StoragePort;
  alarms: AlarmPort;
  settings(): Promise<Settings>;
  isOnline(): boolean;
  /** Whether a dashboard tab is open; asked only when the admin wants that condition. */
  dashboardTabOpen?: () => Promise<boolean>;
  /** Called after every committed change and once at start: the badge follows it. */
  onStateChange: (state: SyncState) => void | Promise<void>;
}

/** A fallback wake-up, replaced by the plan once it is written (an alarm's packed-build minimum). */
const RECOVERY_RETRY_MS = 30_000;
/** After storage or alarms failed, try again this soon (a live timer; the alarm backs it up). */
const FAILURE_RETRY_MS = 5_000;

/** How often a change whose write failed is tried again before it is given up. */
const CHANGE_RETRIES = 3;

/** Gate reasons that an explicit Sync Now may try once more. */
const OVERRIDABLE: ReadonlySet<GateReason> = new Set(['signed-out', 'forbidden']);

type RunResult = SyncNowResult | { kind: 'not-due'; state: SyncState };

export interface Engine {
  /** Resolves once the worker-start recovery and schedule check are done. */
  ready: Promise<void>;
  onAlarm(): Promise<void>;
  syncNow(trigger?: Extract<Trigger, 'manual' | 'shortcut'>): Promise<SyncNowResult>;
  setContext(context: DashboardContext): Promise<SyncState>;
  pause(): Promise<SyncState>;
  resume(): Promise<SyncState>;
  setOnline(online: boolean): Promise<SyncState>;
  setScreenLocked(locked: boolean): Promise<SyncState>;
  settingsChanged(previous: Settings, next: Settings): Promise<SyncState>;
  getState(): Promise<SyncState>;
  /** The dashboard page synced by itself; keep the schedule in step. */
  pageSynced(sync: PageSync): Promise<SyncState>;
  /** The dashboard page sent its own sync (for this client, if its body said); its answer is still to come. */
  pageSyncStarted(requestId: string, clientId: string | null): Promise<SyncState>;
  /** The page's sync ended without an answer. */
  pageSyncGone(requestId: string): Promise<SyncState>;
}

export function createEngine(ports: EnginePorts): Engine {
  const owner = `${ports.now().toString(36)}-${Math.floor(ports.random() * 2 ** 40).toString(36)}`;
  const store = createStateStore(ports.storage, ports.onStateChange, ports.now);
  const scheduler = createScheduler({
    alarms: ports.alarms,
    timers: ports.timers,
    now: ports.now,
    onTimer: () => void guarded('timer'),
  });
  let inflight: Promise<RunResult> | null = null;
  let runs = 0;
  /** The lease this engine's own request holds right now; any other lease is a dead request's. */
  let holding: string | null = null;
  const isLive = (leaseOwner: string): boolean => leaseOwner === holding;
  /** Every write starts from a record the clock and the settings can vouch for. */
  const vouched = (s: SyncState, settings: Settings, now: number): SyncState =>
    followClient(followDashboard(distrustFuture(s, settings, now), settings, now), settings, now);
  /**
   * The same, and a lease no live request holds is recovered first: the interrupted sync counts
   * against the dashboard and client it was for, not against one the admin has switched to.
   */
  const recovered = (s: SyncState, settings: Settings, now: number): SyncState => {
    const recovery = recoverLease(distrustFuture(s, settings, now), isLive, now, ports.random, settings);
    return followClient(followDashboard(recovery, settings, now), settings, now, s.client);
  };
  /** Per kind of fact, the newest change asked for: a failed older one is not written over it later. */
  const newest = new Map<string, number>();
  /** Per kind of fact, the newest change written so far. */
  const written = new Map<string, number>();
  let changes = 0;

  /**
   * A run the schedule started (its alarm, or the live timer due with that alarm). The alarm is
   * gone or about to be: it fires once and may fire into this very worker while the run starts.
   * Before anything else, so that a worker stopped at any point of the run is woken again,
   * leave a fallback no later than the end of the lease the run may take; the run's own
   * planning replaces it. An earlier alarm made since (a request's watchdog, when this event
   * was already on its way as the request began) stays: pushing it back would leave a worker
   * stopped mid-request asleep for longer. A failed run has already scheduled its retry.
   */
  async function guarded(trigger: 'alarm' | 'timer'): Promise<void> {
    const fallback = ports.now() + SYNC_LEASE_MS;
    await scheduler.ensure(fallback, fallback).catch(() => undefined);
    await runSync(trigger).catch(() => undefined);
  }

  async function follow(state: SyncState): Promise<void> {
    if (state.nextAttemptAt === null) await scheduler.clear();
    else await scheduler.at(state.nextAttemptAt);
  }

  async function start(): Promise<void> {
    const settings = await ports.settings();
    const before = await store.read();
    const state = await store.update((s) => {
      // The clock is read where the record is written: times and their stamp agree.
      const now = ports.now();
      return reschedule(recovered({ ...s, pause: { ...s.pause, offline: !ports.isOnline() } }, settings, now), settings, now);
    });
    try {
      await ports.onStateChange(state);
    } catch (error) {
      // A badge that cannot be drawn must not cost the schedule.
      console.warn('Toast sync: could not show the state', error);
    }
    if (state.nextAttemptAt === null) await scheduler.clear();
    // The pending alarm was the dead sync's watchdog: replace it with the retry.
    else if (before.lease !== null) await scheduler.at(state.nextAttemptAt);
    // Otherwise leave a pending alarm exactly as it is (a wake-up is not a reason to sync),
    // unless it lies beyond the plan (the clock was set back since it was made).
    else await scheduler.ensure(state.nextAttemptAt, state.nextAttemptAt + DUE_TOLERANCE_MS);
  }

  /**
   * Storage or alarms failed: whatever was planned may be lost (a fired alarm is consumed), so
   * make sure something wakes the engine again to retry, then report the failure.
   */
  async function keepAlive(error: unknown, what: string): Promise<void> {
    console.error(`Toast sync: ${what}`, error);
    try {
      await scheduler.ensure(ports.now() + FAILURE_RETRY_MS, ports.now() + FAILURE_RETRY_MS);
    } catch (alarmError) {
      console.error('Toast sync: could not schedule a retry either', alarmError);
    }
  }

  const ready = start().catch((error: unknown) => keepAlive(error, 'could not start the sync engine'));

  /** Writes a result that must not be lost (an answer the server gave), trying again if storage fails. */
  async function persist(write: () => Promise<SyncState>, what: string): Promise<SyncState> {
    for (let left = CHANGE_RETRIES; ; left--) {
      try {
        return await write();
      } catch (error) {
        await keepAlive(error, what);
        if (left === 0) throw error;
        await new Promise<void>((resolve) => ports.timers.set(resolve, FAILURE_RETRY_MS));
      }
    }
  }

  async function attempt(trigger: Trigger): Promise<RunResult> {
    const settings = await ports.settings();
    const explicit = trigger === 'manual' || trigger === 'shortcut';
    const noDashboardTab = settings.onlyWhileDashboardOpen && !((await ports.dashboardTabOpen?.()) ?? true);
    const leaseOwner = `${owner}.${(++runs).toString(36)}`;
    // From the decision to send until its result is written, this lease is in use (whatever the
    // clock says). No record holds this new owner before the decision writes it.
    holding = leaseOwner;

    try {
      const { state, decision } = await store.transition((current) => {
        // Read the clock as late as possible: the lease and the start time are written with it.
        const now = ports.now();
        const facts = { settings, now, explicit, online: ports.isOnline(), noDashboardTab, leaseOwner };
        return decideAttempt(recovered(current, settings, now), facts);
      });
      if (decision.kind !== 'go' || state.lease === null) {
        holding = null;
        await follow(state);
        return { ...(decision.kind === 'go' ? { kind: 'not-due' as const } : decision), state };
      }
      const { clientId, startedAt } = decision;
      // If this worker dies mid-request, the watchdog alarm wakes the next one to recover, no
      // later than the next regular sync would have been. A live worker's run simply joins it.
      await scheduler.at(Math.min(state.lease.expiresAt, startedAt + intervalMs(state, settings)));
      const origin = dashboardOrigin(settings);
      const result = await requestSync(ports, origin, clientId);
      // The answer's own time: its write may come later (a failed write retried, a machine that slept).
      const answeredAt = ports.now();
      // The watchdog alarm may have fired while the request was out (the machine slept): make
      // sure one exists before the result is written, so a worker stopped right after the write
      // is still woken to act on it.
      await scheduler.ensure(ports.now() + RECOVERY_RETRY_MS, ports.now() + RECOVERY_RETRY_MS);
      const finished = await persist(
        // The settings are read for each try: a write retried seconds later must not apply
        // settings from before a change made meanwhile (a pin would be undone).
        async () => {
          const latestSettings = await ports.settings();
          return store.update((s) =>
            finishSync(vouched(s, latestSettings, ports.now()), {
              origin,
              clientId,
              trigger,
              startedAt,
              result,
              now: Math.min(answeredAt, ports.now()),
              random: ports.random,
              settings: latestSettings,
            }),
          );
        },
        'could not save the result of a sync',
      );
      await follow(finished);
      return { kind: 'synced', joined: false, state: finished };
    } finally {
      holding = null;
    }
  }

  function runSync(trigger: Trigger): Promise<RunResult> {
    if (inflight !== null) {
      const joined = inflight.then((r): RunResult => (r.kind === 'synced' ? { ...r, joined: true } : r));
      // The run under way has a watchdog alarm; after the clock was set back it may lie far
      // ahead. Any event is a chance to put it right.
      const now = ports.now();
      return scheduler
        .ensure(now + RECOVERY_RETRY_MS, now + RECOVERY_RETRY_MS)
        .catch(() => undefined)
        .then(() => joined);
    }
    // Whoever asked (an alarm, the popup, the shortcut), a run that storage or alarms failed
    // must leave a retry scheduled: the alarm pending may be the one that just fired, or lie a
    // day ahead after the clock was set back.
    const run = ready
      .then(() => attempt(trigger))
      .catch(async (error: unknown) => {
        await keepAlive(error, 'a sync could not be run');
        throw error;
      });
    const tracked = run.finally(() => {
      if (inflight === tracked) inflight = null;
    });
    inflight = tracked;
    return tracked;
  }

  /**
   * Applies one change to the record. A change whose write fails is tried again a few times,
   * unless a newer change of the same `kind` came since (a stale page report must not be
   * written over a fresh one). `always`: an outcome that must be kept even then.
   */
  function change(kind: string, apply: (s: SyncState, settings: Settings, now: number) => SyncState, always = false): Promise<SyncState> {
    const seq = ++changes;
    newest.set(kind, seq);
    const commit = async (retries: number): Promise<SyncState> => {
      await ready;
      const settings = await ports.settings();
      try {
        // This change may plan the next sync; should the worker stop between the write and the
        // alarm that follows it, this fallback still wakes one. A pending alarm further away
        // does not count (after the clock was set back, it may lie a day ahead).
        await scheduler.ensure(ports.now() + RECOVERY_RETRY_MS, ports.now() + RECOVERY_RETRY_MS);
        const state = await store.update((s) => {
          const now = ports.now();
          const fresh = recovered(s, settings, now);
          // Changes reach storage in the order their awaits finish, not the order they came in:
          // one older than a change of its kind already written is stale (a resume after a pause).
          if (!always && (written.get(kind) ?? 0) > seq) return fresh;
          written.set(kind, seq);
          return apply(fresh, settings, now);
        });
        // A sync in flight re-plans the schedule when it finishes.
        if (inflight === null) await follow(state);
        return state;
      } catch (error) {
        // This change may have been what planned the next sync (or the only news that the screen
        // was unlocked): do not lose the schedule with it, and try to record it again.
        await keepAlive(error, 'could not save a change');
        if (retries > 0) {
          ports.timers.set(() => {
            if (always || newest.get(kind) === seq) void commit(retries - 1).catch(() => undefined);
          }, FAILURE_RETRY_MS);
        }
        throw error;
      }
    };
    return commit(CHANGE_RETRIES);
  }

  return {
    ready,
    onAlarm: () => guarded('alarm'),
    async syncNow(trigger = 'manual') {
      let result = await runSync(trigger);
      // Joining an alarm's run that found nothing due, or that a sign-out held back, is not
      // what the admin asked for: run again as an explicit sync.
      if (result.kind === 'not-due' || (result.kind === 'blocked' && OVERRIDABLE.has(result.reason))) {
        result = await runSync(trigger);
      }
      return result.kind === 'not-due' ? { kind: 'synced', joined: true, state: result.state } : result;
    },
    setContext: (context) => change('context', (s, settings, now) => applyContext(s, context, settings, now)),
    pause: () => change('user', (s, settings, now) => setPauseFlag(s, 'user', true, settings, now)),
    resume: () => change('user', (s, settings, now) => setPauseFlag(s, 'user', false, settings, now)),
    setOnline: (online) => change('offline', (s, settings, now) => setPauseFlag(s, 'offline', !online, settings, now)),
    setScreenLocked: (locked) => change('locked', (s, settings, now) => setPauseFlag(s, 'locked', locked, settings, now)),
    settingsChanged: (previous, next) => change('settings', (s, _settings, now) => applySettings(s, previous, next, now)),
    // One kind per page request: its answer is an outcome to keep, and it supersedes its own
    // start, which must not be written again after it.
    pageSynced: (sync) => change(`page:${sync.requestId}`, (s, settings, now) => applyPageSync(s, sync, settings, now, ports.random), true),
    pageSyncStarted: (requestId, clientId) =>
      change(`page:${requestId}`, (s, _settings, now) => notePageSyncStart(s, requestId, clientId, now)),
    pageSyncGone: (requestId) => change(`page:${requestId}`, (s, settings, now) => notePageSyncGone(s, requestId, settings, now), true),
    async getState() {
      await ready;
      return store.read();
    },
  };
}
