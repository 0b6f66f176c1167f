-- State: ARGV = now (us, -1 = Redis TIME). Returns {} for an unknown key,
-- else {limit, learned, in window, foreign, remaining, reset at (us),
-- blocked until (us), search limit, search in window, search remaining,
-- writes used, writes left, tokens spent, token budget, last seq, last
-- status, seven headers, last seen (us)}.
local now = clock(ARGV[1])
local S, sexists = load_state(KEYS)
local v = redis.call('HMGET', KEYS[2], 'd', 'w', 't', 'l', 'cw', 'ct', 'dl', 'ds')
local td = v[1]
if KEYS[5] and KEYS[5] ~= KEYS[2] then
  -- the company's token counters
  local u = redis.call('HMGET', KEYS[5], 'd', 't', 'l')
  td, v[3], v[4] = u[1], u[2], u[3]
end
if not sexists and not v[1] and not td then return {} end
local D = {d = -1, w = 0, t = 0, l = 0, td = -1}
if v[1] then
  D.d, D.w = tonumber(v[1]), tonumber(v[2]) or 0
  if not sexists then
    S.cw, S.ct, S.dl, S.ds = tonumber(v[5]) or 0, tonumber(v[6]) or 0, tonumber(v[7]) or 0, tonumber(v[8]) or 0
  end
end
if td then D.td, D.t, D.l = tonumber(td), tonumber(v[3]) or 0, tonumber(v[4]) or 0 end
local r = {}
local limit = limit_of(S.m, S.dl)
local inw, foreign, remaining, reset = wstate(S.m, now, limit)
local blocked = 0
if now < S.m.b then blocked, remaining = S.m.b, 0 end
local learned = 0
if S.m.l > 0 then learned = 1 end
local slimit = limit_of(S.s, S.ds)
local sin, _, srem = wstate(S.s, now, slimit)
local used, spent = 0, 0
local budget = math.max(S.ct, 0)
local today = math.floor(now / DAY)
if today == D.d then used = D.w end
if today == D.td then spent, budget = D.t, token_budget(D, S.ct) end
local left = -1
if S.cw > 0 then left = math.max(S.cw - used, 0) end
r = {limit, learned, inw, foreign, remaining, reset, blocked, slimit, sin, srem,
     used, left, spent, budget, S.ls, S.st}
for i = 1, 7 do r[#r + 1] = S.hd[i] end
r[#r + 1] = S.sn
return r
