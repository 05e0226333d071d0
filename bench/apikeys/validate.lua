-- POST /api/backend/v1/end_user_api_keys/validate with a random one of the seeded tokens
local tokens = {}
for line in io.lines(os.getenv("LATCHKEY_BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local key = os.getenv("LATCHKEY_BENCH_KEY")
math.randomseed(os.time())
request = function()
  local body = '{"api_key_token":"' .. tokens[math.random(#tokens)] .. '"}'
  return wrk.format("POST", "/api/backend/v1/end_user_api_keys/validate",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
