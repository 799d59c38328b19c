/**
 * Per-person limit on slash commands: a token bucket per team + user. A person may send
 * `burst` commands at once, then one more every `60 / perMinute` seconds. Why these defaults
 * (20 at once, 20 a minute): a recruiter working through a shortlist by hand types a lookup every
 * few seconds at most, so they never meet the limit, while a script or a stuck key is held to a
 * rate that cannot crowd out everyone else (docs/decisions.md, "Edge limits").
 */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

export const defaultCommandRateLimit: RateLimit = { burst: 20, perMinute: 20 };

export interface RateDecision {
  allowed: boolean;
  /** When refused: seconds until one more command is allowed (at least 1). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before idle (full) ones are dropped; bounds memory under many distinct users. */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly limit: RateLimit = defaultCommandRateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = limit.perMinute / 60_000;
  }

  /** Takes one token from `key`'s bucket if it has one. */
  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / this.perMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Buckets held now (for tests and the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  /** A bucket that has refilled completely is the same as no bucket. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.limit.burst) {
        this.buckets.delete(key);
      }
    }
  }
}
