import { describe, expect, it } from "vitest";
import { defaultCommandRateLimit, RateLimiter } from "../../src/slack/rate-limit.js";

describe("per-person command limit (token bucket)", () => {
  it("allows the burst at once, then one more every 60/perMinute seconds", () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perMinute: 6 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("T:U").allowed)).toEqual([true, true, true]);
    const refused = limiter.take("T:U");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(limiter.take("T:U")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take("T:U").allowed).toBe(true);
    expect(limiter.take("T:U").allowed).toBe(false);
  });

  it("keeps each person's bucket apart, across teams too", () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, () => 0);
    expect(limiter.take("T1:U1").allowed).toBe(true);
    expect(limiter.take("T1:U1").allowed).toBe(false);
    expect(limiter.take("T1:U2").allowed).toBe(true);
    expect(limiter.take("T2:U1").allowed).toBe(true);
  });

  it("never refills past the burst, however long the person was away", () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, () => now);
    limiter.take("T:U");
    now += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take("T:U").allowed)).toEqual([true, true, false]);
  });

  it("drops idle buckets once many people have been seen, so memory stays bounded", () => {
    let now = 0;
    const limiter = new RateLimiter(defaultCommandRateLimit, () => now);
    for (let n = 0; n < 10_000; n += 1) limiter.take(`T:U${n}`);
    expect(limiter.size).toBe(10_000);
    now += 60_000;
    limiter.take("T:Unew");
    expect(limiter.size).toBe(1);
  });
});
