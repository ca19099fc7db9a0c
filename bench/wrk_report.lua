-- wrk script for bench/bench_api_load.py: every request takes the next path of the list in
-- $BENCH_PATHS (one a line), with the DRF token in $BENCH_TOKEN; at the end, one line of JSON.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local headers = { ["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN"), ["Accept"] = "application/json" }
local counter = 0

function setup(thread)
  thread:set("offset", math.random(#paths))
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[((counter + (offset or 0)) % #paths) + 1], headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
