// Parses a Prometheus text exposition with a third-party parser (parse-prometheus-text-format) and prints the
// metric families it found as JSON: name, type and how many samples. Usage: node parse-prometheus.mjs <file>
import { readFileSync } from 'node:fs';
import parse from 'parse-prometheus-text-format';

const families = parse(readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(families.map(f => ({ name: f.name, type: f.type, samples: f.metrics.length }))));
