/** The text of `seqsweep --help`. */
export const USAGE = `seqsweep: distributed hyperparameter sweeps over LSTM sequence models

Usage:
  seqsweep run <spec.yaml> [--nats URL] [--workers N] [--out DIR] [--no-tui] [study flags]
  seqsweep worker --nats URL [--concurrency N] [--drain] [--sweep ID]
  seqsweep resume <sweepId> --nats URL [--out DIR] [--workers N]
  seqsweep watch [sweepId] --nats URL      (the live TUI from any machine; q detaches)
  seqsweep status [sweepId] --nats URL
  seqsweep plan <spec.yaml> [study flags]
  seqsweep report <run-dir>                (writes <run-dir>/report.html again from results.json and best/)

Run options:
  --workers N          local workers (default: one per core without --nats, 0 with it)
  --out DIR            where <sweepId>/results.json, trials.csv, best/ and report.html go (default: runs)
  --no-tui             plain progress lines even on a terminal (TUI keys: arrows select, Enter details, s sort, ? help, q detach)
  --ack-wait MS        lease of a pulled trial before it is redelivered (default 60000)
  --max-deliver N      deliveries before a trial is recorded as failed (default 3)
  --max-trials N       refuse sweeps that plan more trials (default 10000)
  --data PATH          the data file or folder of the task (sp500 path, mnist dir)
  --replicas N         replicas of the streams and buckets it creates on a cluster (default 1; 3 survives a lost server)

Study flags (override the spec; two or more values make a grid axis):
  --learning-rate V..  --hidden-size V..  --gradient-clip V..  --epochs V..  --batch-size V..
  --reconstruction-weight V..  --optimizer adam|sgd

Connection (every command that talks to NATS; NATS_URL works like --nats):
  --nats URL           nats://host:4222 (comma-separate several servers)
  --prefix P           subject and stream prefix that isolates teams (default seqsweep)
  --user U --password P | --token T | --creds FILE | --nkey SEEDFILE
  --tls-ca FILE --tls-cert FILE --tls-key FILE

Exit codes: 0 done, 1 runtime failure, 2 bad spec or usage.
`;
