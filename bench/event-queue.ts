/**
 * The world's pending events, as a binary min-heap ordered by (time, arrival). A fleet of
 * 10,000 browsers keeps tens of thousands of events pending; a sorted array paid a splice
 * per insert, the heap pays O(log n). Cancelled events stay in the heap and are skipped when
 * they come out (lazy deletion), so cancelling is O(1).
 */

export interface QueuedEvent {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, run: () => void): QueuedEvent {
    const event: QueuedEvent = { at, seq: this.seq++, run, cancelled: false };
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as QueuedEvent;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** The earliest event, or undefined when none is pending. */
  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left] as QueuedEvent;
      if (right < n && before(heap[right] as QueuedEvent, c)) {
        child = right;
        c = heap[right] as QueuedEvent;
      }
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
