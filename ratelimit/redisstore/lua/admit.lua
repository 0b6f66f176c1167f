-- Admit: ARGV = now (us, -1 = Redis TIME), class, cost, limit, search limit,
-- window (ns), margin (ns), headroom, daily writes, token budget, queued,
-- stale after (ns), probes, idle TTL (ms).
-- Returns {admitted, seq, at (us), wait (us), reason, refused, limit, used}.
local now = clock(ARGV[1])
local class, cost = tonumber(ARGV[2]), tonumber(ARGV[3])
local limit, slimit = tonumber(ARGV[4]), tonumber(ARGV[5])
local win, margin = tonumber(ARGV[6]), tonumber(ARGV[7])
local A = {win = us_up(win), headroom = tonumber(ARGV[8]), stale = tonumber(ARGV[12]), probes = tonumber(ARGV[13])}
local dw, tb, queued = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local idle = tonumber(ARGV[14])

local S = load_state(KEYS)
local D = load_daily(KEYS, now)
now = math.max(now, S.lt)
roll_day(D, now)
if S.cw ~= dw or S.ct ~= tb or S.dl ~= limit or S.ds ~= slimit then D.cfg = true end
S.sp, S.dl, S.ds, S.cw, S.ct = us_up(win + margin), limit, slimit, dw, tb

local function finish(r)
  save_state(KEYS, S, now, idle)
  save_daily(KEYS, D, S, now)
  return r
end

local function refuse(reason, lim, used)
  return finish({0, 0, 0, (D.d + 1) * DAY - now, reason, 1, lim, used})
end

if class == WRITE and dw > 0 and D.w >= dw then
  return refuse(R_DAILY, dw, D.w)
end
local budget = token_budget(D, tb)
if budget > 0 and cost > 0 and D.t + cost > budget then
  return refuse(R_TOKENS, budget, D.t)
end

local ok, wait, reason = check(S.m, now, limit_of(S.m, limit), A, queued)
if class == SEARCH then
  local sok, swait, sreason = check(S.s, now, limit_of(S.s, slimit), A, queued)
  if not sok and swait > wait then
    wait, reason = swait, sreason
    if reason == R_WINDOW then reason = R_SEARCH end
  end
  ok = ok and sok
end
if not ok then
  return finish({0, 0, 0, wait, reason, 0, 0, 0})
end
if queued > 0 then
  return finish({0, 0, 0, 0, R_NONE, 0, 0, 0})
end

S.ls = S.ls + 1
S.lt = now
-- every admission released by now leaves the log first (drop counts)
compact(S.m, now)
push(S.m, now, now + S.sp, S.ls)
if class == SEARCH then
  compact(S.s, now)
  push(S.s, now, now + S.sp, S.ls)
end
if class == WRITE then D.w = D.w + 1 end
if cost > 0 then D.t = D.t + cost end
return finish({1, S.ls, now, 0, R_NONE, 0, 0, 0})
