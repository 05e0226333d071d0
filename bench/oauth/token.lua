-- POST /oauth2/token, grant_type=client_credentials, client authenticated with HTTP Basic.
-- Formatted once, in init (wrk adds the Host header only in wrk.init, after the top level runs):
-- building it per request in Lua costs wrk CPU that, on a machine shared with the server, would
-- be taken from the server being measured.
local formatted
init = function(args)
  formatted = wrk.format("POST", "/oauth2/token",
    { ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Authorization"] = "Basic " .. os.getenv("LATCHKEY_BENCH_BASIC") },
    "grant_type=client_credentials")
end
request = function()
  return formatted
end
