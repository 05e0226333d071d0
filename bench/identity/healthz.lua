-- GET /healthz: the cheapest route, as a reference for the HTTP stack's own rate.
-- Formatted once, in init: wrk adds the Host header to wrk.headers only in wrk.init, after the
-- script's top level has run, so a request formatted at the top level has no Host (400 No Host).
local formatted
init = function(args)
  formatted = wrk.format("GET", "/healthz")
end
request = function()
  return formatted
end
