-- POST /api/backend/v1/end_user_api_keys/validate with a random one of the seeded tokens.
-- Requests are formatted once at start: building each one in Lua costs wrk CPU that, on a
-- machine shared with the server, would be taken from the server being measured.
-- They are formatted in init, not at the top level: wrk adds the Host header to wrk.headers only
-- in wrk.init, so a request formatted earlier has no Host and is answered 400 (No Host).
local requests = {}
init = function(args)
  local key = os.getenv("LATCHKEY_BENCH_KEY")
  for line in io.lines(os.getenv("LATCHKEY_BENCH_TOKENS")) do
    requests[#requests + 1] = wrk.format("POST", "/api/backend/v1/end_user_api_keys/validate",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key },
      '{"api_key_token":"' .. line .. '"}')
  end
end
math.randomseed(os.time())
request = function()
  return requests[math.random(#requests)]
end
