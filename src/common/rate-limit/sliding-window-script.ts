/**
 * Sliding-window log in one sorted set per key, in one atomic script (one round trip).
 * Time comes from the Redis server, so instances with skewed clocks share one window.
 *
 * KEYS[1]  the window's sorted set
 * ARGV[1]  window length in ms
 * ARGV[2]  limit (requests per window)
 * ARGV[3]  member suffix unique per request (instance id + sequence), so two requests in the
 *          same millisecond are two members
 *
 * Returns {count, allowed, frees_in_ms}: the requests now in the window (including this one
 * when allowed), 1 when this request was admitted, and the ms until the oldest entry leaves the
 * window (when the next slot frees). A refused request is not recorded.
 */
export const SLIDING_WINDOW_LUA = `
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', key, window)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local frees_in = window
if oldest[2] then frees_in = tonumber(oldest[2]) + window - now end
return {count, allowed, frees_in}
`;

/**
 * The same window, reserving several slots at once for one instance to spend locally (see
 * docs/decisions.md, 'Sliding-window log in Redis, refusals not recorded'): each slot is an entry
 * stamped now, as if its request had arrived.
 *
 * KEYS[1]  the window's sorted set
 * ARGV[1]  window length in ms
 * ARGV[2]  limit (requests per window)
 * ARGV[3…] one member suffix per slot wanted (instance id + sequence)
 *
 * Grants min(wanted, a quarter of what remains), at least 1 while anything remains: the last
 * slots of a budget go out one at a time, so an instance rarely sits on slots another one needs.
 * Returns {count, granted, frees_in_ms, now_ms}: the entries in the window before this call, the
 * slots granted (the first `granted` suffixes, members `now_ms-suffix`), and the ms until the
 * oldest entry leaves the window.
 */
export const SLIDING_WINDOW_LEASE_LUA = `
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local wanted = #ARGV - 2
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local remaining = limit - count
local granted = 0
if remaining > 0 then
  granted = math.min(wanted, math.max(1, math.floor(remaining / 4)))
  local entries = {}
  for i = 1, granted do
    entries[2 * i - 1] = now
    entries[2 * i] = now .. '-' .. ARGV[i + 2]
  end
  redis.call('ZADD', key, unpack(entries))
  redis.call('PEXPIRE', key, window)
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local frees_in = window
if oldest[2] then frees_in = tonumber(oldest[2]) + window - now end
return {count, granted, frees_in, now}
`;
