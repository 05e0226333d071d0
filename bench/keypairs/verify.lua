-- POST /api/v1/keypairs/verify with pre-signed requests (sign.mjs): thread k of the run sends the
-- lines of <LATCHKEY_BENCH_SIGNED>.<k> in order, each once, so no signature repeats (a repeat
-- would be refused as `replayed`, a 401 that wrk counts as non-2xx). When a thread runs out it
-- starts over, and those replays show in the non-2xx count: the script signs enough for the run.
-- Formatted once, in init (wrk adds the Host header only in wrk.init): building requests per
-- request in Lua costs wrk CPU that, on a shared machine, would be taken from the server.
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local requests = {}
local i = 0
init = function(args)
  local key = os.getenv("LATCHKEY_BENCH_KEY")
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
  for line in io.lines(os.getenv("LATCHKEY_BENCH_SIGNED") .. "." .. id) do
    requests[#requests + 1] = wrk.format("POST", "/api/v1/keypairs/verify", headers, line)
  end
end
request = function()
  i = i + 1
  if i > #requests then i = 1 end
  return requests[i]
end
