/**
 * The oracle: this suite's own reading of the dashboard contract (docs/dashboard-contract.md,
 * "Answers" and "How often the extension asks"; docs/architecture.md, "Clocks"), checked after
 * every step of a simulated run.
 *
 * It is deliberately independent of the engine: it imports numbers (constants.ts) and the
 * record validator (`parseSyncState`, to check that what is stored survives its own reader),
 * never the engine's rules (transitions, gate, backoff, classify). It parses Retry-After on its
 * own, keeps its own idea of the gate, the 429 waits, the failure count and the deadlines.
 *
 * Times: `t` is true (monotonic) time, `s` is the system clock the engine sees (they differ
 * after a clock jump). Safety rules (waits, floors) pass when EITHER clock says enough time has
 * passed, since the engine has no monotonic clock port and cannot see a jump; liveness is
 * measured in true time, and after a backwards jump it is only required from the next event
 * that wakes a worker (nothing can run before).
 *
 * Requests from a worker that dies mid-request: Chromium tears the connection down, but the
 * server did receive the request. Such a request counts as SENT (rules 2–4 apply to it when it
 * goes out), and as ENDED the moment its worker died (rule 1: a later worker may send). Its
 * answer never reaches anyone, so any wait the server named in it is unknowable and not held
 * against the extension.
 */

import {
  HISTORY_LIMIT,
  MAX_POLL_INTERVAL_SECONDS,
  MIN_INTERVAL_SECONDS,
  RETRY_AFTER_CAP_MS,
  SYNC_LEASE_MS,
} from '../../src/shared/constants.ts';
import { parseSyncState } from '../../src/shared/sync-state.ts';

export const VIOLATION_KINDS = [
  'single-flight',
  'sent-during-429-wait',
  'sent-while-gate-closed',
  'too-soon',
  'liveness',
  'stored-invalid',
  'stored-history-too-long',
  'stale-syncing',
  'stored-time-out-of-bounds',
  'attempt-not-reset',
  'manual-floor',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Violation {
  kind: ViolationKind;
  /** ms of true time since the run started. */
  at: number;
  detail: string;
}

/** Tolerances, each documented. */
export const TOL = {
  /** A request may follow a gate closing by this much (the check and the send are apart by storage round trips). */
  gateGraceMs: 1_000,
  /** Liveness: alarms clamped to 30 s in packed builds, plus storage/alarm latencies. */
  livenessMs: 40_000,
  /** An alarm or timer may count as due this early (Chromium delivers alarms a little early). */
  earlyMs: 600,
  /** A stale `syncing` lease may stand this long past expiry while a worker lives (watchdog alarm clamp + latency). */
  staleLeaseMs: 40_000,
  /** Answers delivered to a worker that is force-killed within this long may not have been stored yet. */
  unstoredAnswerMs: 1_000,
  /** The page's answers reach the worker while its own attempt may already be past its checks. */
  pageRaceMs: 1_000,
  /** Between reading the clock and a write landing in storage (a few storage round trips). */
  writeLatencyMs: 1_000,
};

const BACKOFF_MAX_MS = 32_000 + 1_000; // cap + jitter
/** Sync Now sends nothing this soon after a completed sync or the last manual request. */
const MANUAL_FLOOR_MS = 10_000;

export interface GateFacts {
  contextClientId: string | null;
  contextClientName: string | null;
  isAdmin: boolean | null;
  userPaused: boolean;
  locked: boolean;
  online: boolean;
  intervalSeconds: number;
  pinnedClientId: string;
  pauseWhenLocked: boolean;
  origin: string;
}

export type AnswerKind = 'success' | 'error' | 'rate-limited' | 'signed-out' | 'forbidden';

interface Wait {
  origin: string;
  t: number;
  s: number;
  ms: number;
  forgivable: { workerId: number } | null;
  /** A request already on its way when the wait became known (the page's answer) is a race: sends this soon after are let go. */
  raceGraceMs?: number;
  label: string;
}

interface LastAnswer {
  t: number;
  s: number;
  floorMs: number;
  label: string;
  raceGraceMs?: number;
}

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The oracle's own reading of a 429's wait (contract: Retry-After seconds or HTTP-date, else the reset header). */
export function contractWaitMs(headers: Record<string, string>, now: number): number | null {
  const get = (name: string): string | undefined => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const cap = (ms: number): number => Math.min(Math.max(0, ms), RETRY_AFTER_CAP_MS);
  const ra = get('Retry-After')?.trim();
  if (ra !== undefined) {
    if (/^-?\d+$/.test(ra)) return cap(Number(ra) * 1000);
    if (HTTP_DATE.test(ra)) return cap(Date.parse(ra) - now);
  }
  const reset = get('X-Toast-RateLimit-Reset')?.trim();
  if (reset !== undefined && /^\d+$/.test(reset)) return cap(Number(reset) * 1000 - now);
  return null;
}

export interface OracleClock {
  t(): number;
  s(): number;
  start: number;
}

export class Oracle {
  violations: Violation[] = [];
  facts: GateFacts;
  running = true;
  private closedSince: number | null = null;
  private signedOutHold = false;
  private forbiddenClient: string | null = null;
  private waits: Wait[] = [];
  /** Consecutive failed answers to the extension (the contract's backoff exponent + 1). */
  private failures = 0;
  /**
   * Failures the engine may count that `failures` does not, since the last success: the page's
   * 429s, and after a corrupted record any number (its count is whatever the record held).
   * Only for upper bounds.
   */
  private pageLimits = 0;
  /** True time of the last success the extension received for the current client (its answer). */
  private successAnsweredAt = -Infinity;
  /** True time of the last request that can only have been an admin's Sync Now. */
  private manualSentAt = -Infinity;
  /** The system clock at those two moments: a clock set back past them leaves the floor unknown. */
  private successAnsweredS = -Infinity;
  private manualSentS = -Infinity;
  /** A request was cut off by its worker's death and no answer or request came since. */
  private cutOff = false;
  private inflight = new Map<number, { workerId: number; t: number }>();
  private lastAnswer: LastAnswer | null = null;
  /** Something since the last answer lets the engine legitimately sync at once (rule 4 exemption). */
  private resetSinceAnswer = true;
  /** Since the last success answer, nothing that may legitimately leave `attempt` above 0. */
  private cleanSinceSuccess = false;
  private explicit = new Map<number, number>();
  private deadline: number;
  private awaitingWake = false;
  private deliveredAt = new Map<number, number>();
  /** True time of the last failed storage write: facts the engine learnt before it may be lost. */
  private lastWriteFailure = -Infinity;
  /** True time the machine last resumed from sleep (a lease may run out while it sleeps). */
  private lastResume = -Infinity;
  /** A write failed since the page last reported: the engine may not have stored what the page said. */
  private factsMaybeLost = false;
  /** Until when a corrupted record may legitimately hold syncing back (true time). */
  private corruptedUntil = -Infinity;
  /** When the page's own sync last succeeded for the current client (true time). */
  private pageSuccessAt = -Infinity;
  /** The server's last X-Poll-Interval (seconds). */
  private poll: number | null = null;
  /** When the gate last reopened (true time). */
  private openedAt = -Infinity;
  /** A client switch not yet seen in a stored record (true time). */
  private switchedAt: number | null = null;
  /**
   * The client and counts before that unseen switch. Switching back to it before any record shows
   * the switch is, to the engine, no switch at all: it may carry that client's failures on.
   */
  private unseenFrom: { client: string | null; failures: number; pageLimits: number } | null = null;
  private corruptionUnread = false;
  /** When each reason to close the gate became true (true time). */
  private reasonSince = new Map<string, number>();
  /** The last time the system clock was set back: true time, and the system clock just before. */
  private setBack: { t: number; sBefore: number; sinceWrite: number } | null = null;
  /** When the engine last wrote its record (true time). */
  private lastStoredAt = -Infinity;
  /** True time each lease (owner and expiry) was first seen stored: a lease is stale by either clock. */
  private leaseSeen = new Map<string, number>();

  constructor(
    private readonly clock: OracleClock,
    facts: GateFacts,
  ) {
    this.facts = facts;
    this.deadline = clock.t();
    if (this.gateReason() !== null) this.closedSince = clock.t();
  }

  // ---- the oracle's model ----

  client(): string | null {
    const pin = this.facts.pinnedClientId.trim();
    if (pin !== '') return pin;
    return this.facts.contextClientId;
  }

  gateReason(f: GateFacts = this.facts): string | null {
    return this.gateReasons(f)[0] ?? null;
  }

  /** Every reason the gate is closed for, first the one reported. */
  private gateReasons(f: GateFacts): string[] {
    const pin = f.pinnedClientId.trim();
    const client = pin !== '' ? pin : f.contextClientId;
    const reasons: string[] = [];
    if (client === null) reasons.push('no client');
    if (f.isAdmin === false) reasons.push('page said isAdmin false');
    if (f.userPaused) reasons.push('paused by user');
    if (f.locked && f.pauseWhenLocked) reasons.push('screen locked');
    if (!f.online) reasons.push('offline');
    return reasons;
  }

  private held(): boolean {
    return this.signedOutHold || (this.forbiddenClient !== null && this.forbiddenClient === this.client());
  }

  /**
   * The contract's wait after an error, `failures` in a row counting this one: never sooner than
   * the interval on average (the first retry spread over 0.5–1.5 intervals, later ones 1–1.05),
   * the 1 s → 32 s curve of a 429 without a wait as a floor, 2 intervals after 15 failures and 5 after 30 (at most
   * max(interval, 15 min)).
   */
  errorWait(failures: number): { least: number; most: number } {
    return this.errorWaitBetween(failures, failures);
  }

  /**
   * The same when the count is only known to lie in [low, high] (the engine may count failures
   * the oracle cannot see): the least wait of the lowest, the most of either end (the first
   * retry's spread reaches further than the next ones', the slowdown further than both).
   */
  errorWaitBetween(low: number, high: number): { least: number; most: number } {
    const a = this.exactErrorWait(low);
    const b = this.exactErrorWait(high);
    return { least: a.least, most: Math.max(a.most, b.most) };
  }

  private exactErrorWait(failures: number): { least: number; most: number } {
    const interval = this.intervalMs(this.poll);
    const n = Math.max(0, failures - 1);
    const curve = Math.min(1000 * 2 ** Math.min(n, 30), 32_000);
    if (n === 0) return { least: Math.max(curve, interval) / 2, most: Math.max(curve, interval) * 1.5 };
    const slow = n >= 30 ? 5 : n >= 15 ? 2 : 1;
    const base = Math.max(curve, Math.min(interval * slow, Math.max(interval, RETRY_AFTER_CAP_MS)));
    return { least: base, most: base * 1.05 + 1 };
  }

  intervalMs(poll: number | null = null): number {
    return Math.max(this.facts.intervalSeconds, MIN_INTERVAL_SECONDS, Math.min(poll ?? 0, MAX_POLL_INTERVAL_SECONDS)) * 1000;
  }

  private violate(kind: ViolationKind, detail: string): void {
    this.violations.push({ kind, at: this.clock.t() - this.clock.start, detail });
  }

  private opened(graceMs = 0): void {
    const t = this.clock.t();
    this.deadline = Math.max(this.deadline, t + graceMs);
    this.resetSinceAnswer = true;
    this.openedAt = t;
  }

  // ---- facts ----

  /** A fact changed (the admin or the page did something). */
  setFacts(patch: Partial<GateFacts>, kind: 'context' | 'settings' | 'other' = 'other'): void {
    const before = { ...this.facts };
    const wasOpen = this.gateReason() === null && !this.held();
    const clientBefore = this.client();
    const reasonsBefore = this.gateReasons(before);
    this.facts = { ...this.facts, ...patch };
    for (const r of this.gateReasons(this.facts)) if (!reasonsBefore.includes(r)) this.reasonSince.set(r, this.clock.t());
    const clientAfter = this.client();
    if (kind === 'context') {
      this.factsMaybeLost = false;
      // Any page report lifts signed-out; a changed context lifts a 403 hold.
      const changed =
        before.contextClientId !== this.facts.contextClientId ||
        before.contextClientName !== this.facts.contextClientName ||
        before.isAdmin !== this.facts.isAdmin;
      if (this.signedOutHold) this.signedOutHold = false;
      if (changed) this.forbiddenClient = null;
    }
    if (kind === 'settings') {
      this.resetSinceAnswer = true;
      this.cleanSinceSuccess = false;
      if (before.origin !== this.facts.origin) {
        this.signedOutHold = false;
        this.forbiddenClient = null;
        this.failures = 0;
        // A corrupted record not read yet may still add an interrupted sync after the reset.
        this.pageLimits = this.corruptionUnread ? this.pageLimits : 0;
        this.successAnsweredAt = -Infinity;
      }
      const intervalChanged = before.intervalSeconds !== this.facts.intervalSeconds;
      this.deadline = Math.max(this.deadline, this.clock.t() + (intervalChanged ? this.intervalMs(this.poll) : 0));
      // A request cut off before the change is retried like a failure on the new interval's curve.
      if (intervalChanged && this.cutOff) {
        const retry = this.errorWaitBetween(this.failures + 1, this.failures + this.pageLimits + 1).most;
        this.deadline = Math.max(this.deadline, this.clock.t() + SYNC_LEASE_MS + retry);
      }
    }
    if (clientBefore !== clientAfter) {
      const back = this.switchedAt !== null && this.unseenFrom?.client === clientAfter ? this.unseenFrom : null;
      if (this.switchedAt === null) this.unseenFrom = { client: clientBefore, failures: this.failures, pageLimits: this.pageLimits };
      this.switchedAt = this.clock.t();
      this.failures = 0;
      this.pageLimits = this.corruptionUnread ? this.pageLimits : 0;
      if (back !== null) this.pageLimits = Math.max(this.pageLimits, back.failures + back.pageLimits);
      this.successAnsweredAt = -Infinity;
      this.resetSinceAnswer = true;
      this.cleanSinceSuccess = false;
    }
    const reason = this.gateReason();
    // Grace runs from the moment the current reason began (offline → paused gives the pause its own grace).
    if (reason !== null && (this.closedSince === null || reason !== this.gateReason(before))) this.closedSince = this.clock.t();
    if (reason === null) this.closedSince = null;
    const isOpen = reason === null && !this.held();
    // Back online: Chromium tells only a running worker, so a stopped one learns it at its
    // next wake-up, which the engine keeps at most an interval away while offline.
    const backOnline = this.gateReason(before) === 'offline';
    if (isOpen && (!wasOpen || clientBefore !== clientAfter)) this.opened(backOnline ? this.intervalMs() : 0);
  }

  setRunning(running: boolean): void {
    this.running = running;
    if (running) {
      this.lastResume = this.clock.t();
      // A request cut off with its worker is recovered by the next one to start: retried like a failure.
      this.deadline = Math.max(
        this.deadline,
        this.clock.t() + (this.cutOff ? this.errorWaitBetween(this.failures + 1, this.failures + this.pageLimits + 1).most : 0),
      );
      this.resetSinceAnswer = true;
      this.cleanSinceSuccess = false;
    }
  }

  /** An event that starts or reaches a worker was delivered. */
  woke(): void {
    // The engine reads the record for the event: a corruption is seen now at the latest (the
    // machine may have slept, or the browser been closed, since it happened).
    if (this.corruptionUnread) {
      this.corruptionUnread = false;
      this.corruptedUntil = Math.max(this.corruptedUntil, this.clock.t() + Math.max(this.intervalMs(), RETRY_AFTER_CAP_MS));
    }
    if (this.awaitingWake) {
      this.awaitingWake = false;
      // The engine first reads the record now: the time since the clock was set back is added
      // to a wait it planned before, as the time since the last write was at the jump.
      const late = this.setBack === null ? 0 : this.clock.t() - this.setBack.t;
      // So is a corrupted wait (already brought within bounds) still running at the jump.
      if (this.corruptedUntil > this.clock.t() - late) this.corruptedUntil += late;
      this.deadline = Math.max(
        this.deadline > this.clock.t() - late ? this.deadline + late : this.deadline,
        this.clock.t() + this.intervalMs(),
      );
    }
  }

  clockJumped(deltaMs: number): void {
    if (deltaMs < 0) {
      this.awaitingWake = true;
      this.setBack = { t: this.clock.t(), sBefore: this.clock.s() - deltaMs, sinceWrite: this.clock.t() - this.lastStoredAt };
      // A corrupted wait already brought within bounds is shifted back with the record's other
      // times: the time that passed since the last write cannot be told from the jump.
      if (this.corruptedUntil > this.clock.t()) this.corruptedUntil += this.setBack.sinceWrite;
      // So does a planned retry (an error's wait): up to the time since the last write is added.
      if (this.deadline > this.clock.t())
        this.deadline += Math.min(this.setBack.sinceWrite, Math.max(0, this.deadline - this.lastStoredAt));
    }
    this.resetSinceAnswer = true;
  }

  explicitStarted(workerId: number): void {
    this.explicit.set(workerId, (this.explicit.get(workerId) ?? 0) + 1);
  }

  explicitEnded(workerId: number): void {
    const n = (this.explicit.get(workerId) ?? 0) - 1;
    if (n <= 0) this.explicit.delete(workerId);
    else this.explicit.set(workerId, n);
  }

  private explicitPending(): boolean {
    return this.explicit.size > 0;
  }

  storageFailed(): void {
    this.lastWriteFailure = this.clock.t();
    this.factsMaybeLost = true;
    this.resetSinceAnswer = true;
    this.cleanSinceSuccess = false;
    this.deadline = Math.max(this.deadline, this.clock.t() + this.intervalMs());
  }

  corrupted(): void {
    this.resetSinceAnswer = true;
    this.cleanSinceSuccess = false;
    this.failures = 0;
    this.pageLimits = 1000;
    // A corrupted time can only be told from a real one by its size, and only once the engine
    // reads it (at its next wake-up, at most an interval away): bringing it back within the
    // longest legitimate wait (a 15 min Retry-After) from then is the best an engine can do.
    // Kept apart from the deadline: an answer arriving meanwhile does not make the corruption unread.
    this.corruptedUntil = this.clock.t() + this.intervalMs() + Math.max(this.intervalMs(), RETRY_AFTER_CAP_MS);
    this.corruptionUnread = true;
  }

  /** A worker died. `forced`: it may have had work under way (not an idle stop). */
  workerDied(workerId: number, forced: boolean): void {
    const t = this.clock.t();
    this.explicit.delete(workerId);
    for (const [id, r] of this.inflight) {
      if (r.workerId !== workerId) continue;
      this.inflight.delete(id);
      // The request ended with its worker. Its retry must still respect a backoff floor.
      this.lastAnswer = { t, s: this.clock.s(), floorMs: 1_000, label: 'request cut off by worker death' };
      this.cutOff = true;
      // The next worker records it as interrupted: one more failure than `failures` knows.
      this.pageLimits++;
      // The watchdog alarm (at most a lease away) wakes a worker that retries it like a failure.
      this.deadline = Math.max(
        this.deadline,
        t + SYNC_LEASE_MS + this.errorWaitBetween(this.failures + 1, this.failures + this.pageLimits + 1).most,
      );
      this.cleanSinceSuccess = false;
    }
    if (forced) {
      // Work between an answer and its storage write is lost with the worker.
      this.resetSinceAnswer = true;
      this.cleanSinceSuccess = false;
      // An answer whose write failed leaves its lease behind: the next worker records an
      // interrupted sync, one more failure than `failures` knows (for the upper bounds).
      if (this.lastWriteFailure >= this.lastStoredAt) this.pageLimits++;
      this.waits = this.waits.filter((w) => !(w.forgivable?.workerId === workerId && t - w.t < TOL.unstoredAnswerMs));
    }
  }

  // ---- the extension's requests ----

  sent(id: number, workerId: number, origin: string, _clientId: string | null, stored: unknown): void {
    const t = this.clock.t();
    const s = this.clock.s();
    // 1. single flight
    if (this.inflight.size > 0) {
      const others = [...this.inflight.values()].map((r) => `worker ${r.workerId} since ${r.t - this.clock.start} ms`);
      this.violate('single-flight', `request from worker ${workerId} while another is in flight (${others.join(', ')})`);
    }
    this.inflight.set(id, { workerId, t });
    this.cutOff = false;
    // 2. no request before a 429's wait has passed, in either clock
    for (const w of this.waits) {
      if (w.origin !== origin) continue;
      const trueLeft = w.t + w.ms - t;
      const sysLeft = w.s + w.ms - s;
      // A wait learnt before a failed write may never have been stored: not held against the engine.
      if (trueLeft > 2 && sysLeft > 2 && t - w.t >= (w.raceGraceMs ?? 0) && this.lastWriteFailure < w.t) {
        this.violate('sent-during-429-wait', `sent ${Math.min(trueLeft, sysLeft)} ms before the end of a ${w.ms} ms wait (${w.label})`);
        break;
      }
    }
    // 3. gate (unless the write that recorded the fact closing it failed: it is retried within seconds)
    const reason = this.gateReason();
    const factAt = reason === null ? undefined : this.reasonSince.get(reason);
    if (
      reason !== null &&
      this.closedSince !== null &&
      t - this.closedSince >= TOL.gateGraceMs &&
      this.lastWriteFailure < Math.min(this.closedSince, factAt ?? Infinity)
    ) {
      this.violate('sent-while-gate-closed', `${reason} for ${t - this.closedSince} ms`);
    }
    const explicit = this.explicitPending();
    // 4. automatic requests: not before the interval after a success or the backoff after a failure
    if (!explicit && !this.resetSinceAnswer && !this.factsMaybeLost && this.lastAnswer !== null) {
      const gap = Math.max(t - this.lastAnswer.t, s - this.lastAnswer.s);
      if (gap < this.lastAnswer.floorMs - TOL.earlyMs && gap >= (this.lastAnswer.raceGraceMs ?? 0)) {
        this.violate(
          'too-soon',
          `automatic request ${gap} ms after ${this.lastAnswer.label}; the rules allow ${this.lastAnswer.floorMs} ms`,
        );
      }
    }
    // 5. the manual floor. A request that no automatic rule allows yet, while an admin's Sync Now
    // is pending, is that Sync Now: none within 10 s of a completed sync of the client, nor of
    // the last one (unless the write that recorded either failed, or a worker died with it).
    // A click after the clock was set back past that moment goes out: by the system clock the
    // sync lies ahead, and the engine does not guess how long ago it really was.
    const automaticAllowed =
      this.resetSinceAnswer ||
      this.factsMaybeLost ||
      this.lastAnswer === null ||
      Math.max(t - this.lastAnswer.t, s - this.lastAnswer.s) >= this.lastAnswer.floorMs - TOL.earlyMs;
    if (explicit && !automaticAllowed) {
      const binds = (at: number, atS: number): boolean =>
        t - at < MANUAL_FLOOR_MS - TOL.earlyMs && this.lastWriteFailure < at && s >= atS - TOL.earlyMs;
      if (binds(this.successAnsweredAt, this.successAnsweredS)) {
        this.violate('manual-floor', `Sync Now sent ${t - this.successAnsweredAt} ms after a completed sync`);
      } else if (binds(this.manualSentAt, this.manualSentS)) {
        this.violate('manual-floor', `Sync Now sent ${t - this.manualSentAt} ms after the last one`);
      }
      this.manualSentAt = t;
      this.manualSentS = s;
    }
    // 7. attempt resets after a success
    if (this.cleanSinceSuccess) {
      const state = parseSyncState(stored);
      if (state.consecutiveFailures !== 0)
        this.violate('attempt-not-reset', `consecutiveFailures is ${state.consecutiveFailures} after a success`);
    }
    // A request its worker does not live to finish is retried like a failure.
    this.deadline = Math.max(
      this.deadline,
      t + SYNC_LEASE_MS + this.errorWaitBetween(this.failures + 1, this.failures + this.pageLimits + 1).most,
    );
  }

  /** The extension's request ended with an answer the engine received (or a timeout/network error). */
  answered(
    id: number,
    workerId: number,
    origin: string,
    clientId: string | null,
    answer: { kind: AnswerKind; waitMs?: number | null; poll?: number | null; syncedAtTrue?: number | null; label: string },
  ): void {
    const t = this.clock.t();
    const s = this.clock.s();
    this.inflight.delete(id);
    this.deliveredAt.set(id, t);
    this.cutOff = false;
    // The server's X-Poll-Interval holds until its next answer says otherwise.
    this.poll = answer.poll ?? null;
    if (origin !== this.facts.origin) {
      // An answer from the dashboard the extension no longer syncs says nothing about the new one.
      this.deadline = Math.max(this.deadline, t);
      return;
    }
    if (clientId !== this.client() && answer.kind !== 'rate-limited') {
      // An answer for a client that is no longer selected says nothing about the current one's
      // schedule (the engine syncs the new client at once). A 429 still binds: the limit is the
      // dashboard's; and so does a lost session.
      if (answer.kind === 'signed-out') this.signedOutHold = true;
      this.deadline = Math.max(this.deadline, t);
      return;
    }
    switch (answer.kind) {
      case 'success': {
        this.failures = 0;
        this.pageLimits = 0;
        this.successAnsweredAt = t;
        this.successAnsweredS = s;
        // A cached sync (its syncedAt earlier than now): the next sync is planned from it, an
        // interval and up to 10 % of jitter later, but not sooner than 10 s from now.
        const ref = Math.min(t, answer.syncedAtTrue ?? t);
        const interval = this.intervalMs(answer.poll ?? null);
        const cached = ref < t && t - ref < interval;
        this.lastAnswer = cached
          ? {
              t,
              s,
              floorMs: Math.max(MANUAL_FLOOR_MS, ref + Math.max(this.facts.intervalSeconds, MIN_INTERVAL_SECONDS) * 1000 - t),
              label: 'a cached success',
            }
          : { t: ref, s: s - (t - ref), floorMs: Math.max(this.facts.intervalSeconds, MIN_INTERVAL_SECONDS) * 1000, label: 'a success' };
        this.cleanSinceSuccess = true;
        this.signedOutHold = false;
        if (this.forbiddenClient === clientId) this.forbiddenClient = null;
        // (+1 s: the engine reads the copy's age on the server's Date, which has whole seconds.)
        this.deadline = cached ? Math.max(t + MANUAL_FLOOR_MS, ref + interval * 1.1 + 1_000) : t + interval;
        break;
      }
      case 'error':
      case 'rate-limited': {
        // Sync Now is "up to date" only while a success is the latest answer.
        this.successAnsweredAt = -Infinity;
        // A failure answered just after the page's own success may be recorded before it (the
        // success then resets the count) or after it: count it as the lower of the two.
        if (t - this.pageSuccessAt < TOL.pageRaceMs) {
          this.failures = 0;
          // …and for the upper bounds, the higher.
          this.pageLimits++;
        } else {
          this.failures++;
        }
        const backoff = Math.min(1000 * 2 ** (this.failures - 1), 32_000);
        const named = answer.kind === 'rate-limited' ? (answer.waitMs ?? null) : null;
        // A 429 that names no wait retries on the 1 s → 32 s curve; other failures retry at the interval.
        const error = this.errorWait(this.failures);
        const floor = answer.kind === 'rate-limited' ? Math.max(1000, named ?? backoff) : Math.max(1000, error.least);
        this.lastAnswer = { t, s, floorMs: floor, label: `${answer.label} (failure #${this.failures})` };
        this.cleanSinceSuccess = false;
        if (answer.kind === 'rate-limited') {
          this.waits.push({ origin, t, s, ms: named ?? backoff, forgivable: { workerId }, label: `extension's ${answer.label}` });
        }
        const most =
          answer.kind === 'rate-limited'
            ? named === null
              ? BACKOFF_MAX_MS
              : named + this.intervalMs(this.poll) / 10
            : this.errorWaitBetween(this.failures, this.failures + this.pageLimits).most;
        this.deadline = t + most;
        break;
      }
      case 'signed-out':
        this.successAnsweredAt = -Infinity;
        this.signedOutHold = true;
        this.cleanSinceSuccess = false;
        this.lastAnswer = { t, s, floorMs: 0, label: answer.label };
        break;
      case 'forbidden':
        this.successAnsweredAt = -Infinity;
        this.forbiddenClient = clientId;
        this.cleanSinceSuccess = false;
        this.lastAnswer = { t, s, floorMs: 0, label: answer.label };
        break;
    }
    // A gate that reopened just before this answer may be recorded after it (the engine writes
    // the two in either order): its "sync at once" still stands.
    this.resetSinceAnswer = t - this.openedAt < TOL.gateGraceMs;
  }

  /** The dashboard page's own sync completed (observed through webRequest). */
  pageSynced(origin: string, status: number, waitMs: number | null, clientId: string | null): void {
    const t = this.clock.t();
    const s = this.clock.s();
    const current = this.client();
    this.cleanSinceSuccess = false;
    // A page on another dashboard than the one the extension syncs says nothing about its schedule.
    if (status >= 200 && status < 300 && origin === this.facts.origin && (clientId === null || clientId === current)) {
      this.failures = 0;
      this.pageLimits = 0;
      // The page's success restarts the countdown: an automatic sync before the interval double-syncs.
      // (A request already on its way when the page's answer came is a race, not a decision: 1 s grace.)
      this.lastAnswer = { t, s, floorMs: this.intervalMs(), label: "the page's own success", raceGraceMs: 1_000 };
      this.pageSuccessAt = t;
      this.resetSinceAnswer = false;
      this.deadline = Math.max(this.deadline, t + this.intervalMs(this.poll));
    } else if (status === 429 && origin === this.facts.origin) {
      // A page's 429 holds the extension back like its own (the rate limit is the dashboard's).
      // (A page on an address that is not the dashboard, or no longer, is not the extension's business.)
      const ms = waitMs ?? 1_000;
      this.pageLimits++;
      // The latest answer is no longer a success: Sync Now is not "up to date".
      this.successAnsweredAt = -Infinity;
      this.waits.push({
        origin,
        t,
        s,
        ms,
        forgivable: null,
        raceGraceMs: TOL.pageRaceMs,
        label: `the page's own 429 (${waitMs === null ? 'no header' : `wait ${waitMs} ms`})`,
      });
      this.deadline = Math.max(this.deadline, t + ms + this.intervalMs(this.poll) / 10);
    }
  }

  // ---- storage ----

  /** The engine wrote the record. */
  stored(record: unknown): void {
    this.lastStoredAt = this.clock.t();
    // A client switch whose write failed is written late, and the failure count restarts then:
    // count from the first record that shows it.
    if (this.switchedAt !== null) {
      const ctx = (record as { context?: { clientId?: unknown } } | null)?.context;
      const pin = this.facts.pinnedClientId.trim();
      if ((pin !== '' ? pin : ctx?.clientId) === this.client()) {
        if (this.lastWriteFailure > this.switchedAt) this.failures = 0;
        this.switchedAt = null;
        this.unseenFrom = null;
      }
    }
    // A write computed just before the clock was set back lands just after it: its times are
    // bounded by the clock the engine read, not by the one now.
    const sinceSetBack = this.setBack === null ? Infinity : this.clock.t() - this.setBack.t;
    const s = sinceSetBack < TOL.writeLatencyMs ? Math.max(this.clock.s(), (this.setBack?.sBefore ?? 0) + sinceSetBack) : this.clock.s();
    const parsed = parseSyncState(record);
    if (!deepEqual(record, parsed))
      this.violate('stored-invalid', `stored record does not survive parseSyncState: ${diff(record, parsed)}`);
    const r = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
    if (Array.isArray(r.history) && r.history.length > HISTORY_LIMIT)
      this.violate('stored-history-too-long', `${r.history.length} entries`);
    // The record stores facts only: a status is derived on read (sync-view.ts), never stored.
    if ('status' in r || 'error' in r) this.violate('stored-invalid', 'the record stores a derived status or error');
    const bound = (field: string, value: unknown, max: number): void => {
      if (typeof value === 'number' && value > s + max) {
        this.violate(
          'stored-time-out-of-bounds',
          `${field} is ${Math.round((value - s) / 1000)} s ahead of the clock (at most ${Math.round(max / 1000)} s possible)`,
        );
      }
    };
    bound('retryNotBefore', r.retryNotBefore, RETRY_AFTER_CAP_MS + 5_000);
    // The longest plan: an error's first retry, up to 1.5 intervals (the interval may be the server's).
    bound(
      'nextAttemptAt',
      r.nextAttemptAt,
      Math.max(this.facts.intervalSeconds * 1000, MAX_POLL_INTERVAL_SECONDS * 1000, RETRY_AFTER_CAP_MS) * 1.5 + BACKOFF_MAX_MS + 5_000,
    );
    const lease = r.lease as { owner?: unknown; expiresAt?: unknown } | null | undefined;
    bound('lease.expiresAt', lease?.expiresAt, SYNC_LEASE_MS + 5_000);
    if (lease !== null && lease !== undefined) {
      const key = `${String(lease.owner)}@${String(lease.expiresAt)}`;
      if (!this.leaseSeen.has(key)) this.leaseSeen.set(key, this.clock.t());
    }
  }

  /** Periodic checks: liveness, and a lease left past its end (a sync shown running that is not). */
  check(stored: unknown, workerAliveForMs: number | null): void {
    const t = this.clock.t();
    const s = this.clock.s();
    const rawLease = (stored as { lease?: unknown } | undefined)?.lease;
    // (Not while writes fail: a lease cannot be cleared then.)
    if (
      rawLease !== null &&
      rawLease !== undefined &&
      workerAliveForMs !== null &&
      workerAliveForMs > 5_000 &&
      t - this.lastResume > TOL.staleLeaseMs &&
      t - this.lastWriteFailure > TOL.staleLeaseMs
    ) {
      const state = parseSyncState(stored);
      // Past its lease by the system clock AND by true time since it was taken (a clock set
      // forward mid-request ends no request).
      const taken = state.lease === null ? undefined : this.leaseSeen.get(`${state.lease.owner}@${state.lease.expiresAt}`);
      const trueAge = taken === undefined ? Infinity : t - taken;
      if (state.lease !== null && s > state.lease.expiresAt + TOL.staleLeaseMs && trueAge > SYNC_LEASE_MS + TOL.staleLeaseMs) {
        this.violate(
          'stale-syncing',
          `a lease held ${Math.round((s - state.lease.expiresAt) / 1000)} s past its end while a worker is alive`,
        );
      }
    }
    if (!this.running || this.awaitingWake || this.inflight.size > 0 || this.gateReason() !== null || this.held()) return;
    // An admin's resume whose every write failed before its worker was gone (a browser restart)
    // is lost with it: no engine can know it. Owed again once a record shows it.
    const storedPause = (stored as { pause?: { user?: unknown } } | undefined)?.pause?.user;
    if (this.lastWriteFailure >= (this.reasonSince.get('paused by user') ?? -Infinity) && storedPause === true && !this.facts.userPaused)
      return;
    if (this.factsMaybeLost) {
      // Liveness is owed only for what the engine could know: a page report lost in a failed write
      // is not, whether it changed the context or only lifted a signed-out hold (any report does).
      const record = stored as { context?: { clientId?: unknown; isAdmin?: unknown }; signedOut?: unknown } | undefined;
      const ctx = record?.context;
      if (ctx?.clientId !== this.facts.contextClientId || ctx?.isAdmin !== this.facts.isAdmin || record?.signedOut === true) return;
    }
    let due = Math.max(this.deadline, this.corruptedUntil);
    for (const w of this.waits) if (w.origin === this.facts.origin) due = Math.max(due, this.dueAfter(w));
    if (t > due + TOL.livenessMs) {
      this.violate(
        'liveness',
        `no request for ${Math.round((t - due) / 1000)} s past the latest allowed time (gate open, no hold, browser running)`,
      );
      this.deadline = t; // one report per stall
    }
  }

  /**
   * When a request is owed after a wait, in true time. A clock set back moves a stored wait's
   * end back by the jump, but the engine cannot know how much of the wait had passed since its
   * last write: that much may be added.
   */
  private dueAfter(w: Wait): number {
    const late = this.setBack !== null && w.t < this.setBack.t ? Math.min(this.setBack.sinceWrite, w.ms) : 0;
    // After a wait the server named, a fleet is spread over up to 10 % of the interval.
    return w.t + w.ms + late + this.intervalMs(this.poll) / 10;
  }

  /** Drop waits that either clock has left behind (keeps the list short). */
  prune(): void {
    const t = this.clock.t();
    const s = this.clock.s();
    // A wait is over once either clock has passed its end (the engine saw it end by the system
    // clock; a clock set back later does not bring it back). It still sets when a request was
    // due (the next check may come later).
    const over = (w: Wait): boolean => w.t + w.ms <= t || w.s + w.ms <= s;
    for (const w of this.waits) if (over(w) && w.origin === this.facts.origin) this.deadline = Math.max(this.deadline, this.dueAfter(w));
    this.waits = this.waits.filter((w) => !over(w));
    // A lease older than this counts as stale by true time anyway.
    for (const [key, seen] of this.leaseSeen) if (t - seen > SYNC_LEASE_MS + TOL.staleLeaseMs) this.leaseSeen.delete(key);
  }
}

/** Equal as JSON values (key order aside; `undefined` members count as absent, as in storage). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual(ra[k], rb[k]));
}

function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null)) as unknown));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function diff(raw: unknown, parsed: unknown): string {
  const r = (JSON.parse(JSON.stringify(raw ?? null)) ?? {}) as Record<string, unknown>;
  const p = parsed as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(r), ...Object.keys(p)])) {
    if (canonical(r[k]) !== canonical(p[k])) {
      const show = (v: unknown): string => {
        const text = JSON.stringify(v);
        return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}…` : text;
      };
      out.push(`${k}: stored ${show(r[k])}, read back ${show(p[k])}`);
    }
  }
  return out.join('; ');
}
