-- POST /api/v1/resolve with the body in LATCHKEY_BENCH_BODY, as a gateway holding a management
-- key made with can_decrypt (LATCHKEY_BENCH_KEY)
local key = os.getenv("LATCHKEY_BENCH_KEY")
local body = os.getenv("LATCHKEY_BENCH_BODY")
request = function()
  return wrk.format("POST", "/api/v1/resolve",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
