import { describe, expect, test } from 'vitest';
import {
  decodeShareState,
  decodeStateFile,
  encodeShareState,
  encodeStateFile,
  MAX_SHARED_TRAFFIC_CHARS,
  type ShareState,
} from '../../../src/engine/share/index.ts';

const FLOW =
  '{"flow":{"verdict":"FORWARDED","IP":{"source":"10.0.1.11","destination":"10.0.1.12"},"l4":{"TCP":{"source_port":40100,"destination_port":5432}},"source":{"namespace":"bakery","pod_name":"debug","labels":["k8s:app=debug"]},"destination":{"namespace":"bakery","pod_name":"db-0","labels":["k8s:app=db"]},"is_reply":false}}\n';

const STATE: ShareState = {
  scenario: { kind: 'id', id: 'bakery' },
  policies: 'kind: NetworkPolicy\n',
  traffic: { name: 'bakery-day.jsonl', text: FLOW.repeat(200) },
};

describe('a flow log in links and state files', () => {
  test('a link and a state file carry the loaded flow log back exactly', async () => {
    const link = await encodeShareState(STATE);
    expect(await decodeShareState(link)).toEqual({ ok: true, state: STATE });
    expect(decodeStateFile(encodeStateFile(STATE))).toEqual({ ok: true, state: STATE });
    // Hubble logs repeat themselves: 200 flows pack into a link of a few thousand characters.
    expect(link.length).toBeLessThan(STATE.traffic!.text.length / 10);
  });

  test('links of before keep opening (no flow log), and a log past the cap or with other fields is refused', async () => {
    const { traffic: _traffic, ...older } = STATE;
    expect(await decodeShareState(await encodeShareState(older))).toEqual({ ok: true, state: older });
    const long = { ...STATE, traffic: { name: 'big.jsonl', text: 'x'.repeat(MAX_SHARED_TRAFFIC_CHARS + 1) } };
    await expect(encodeShareState(long)).rejects.toThrow(TypeError);
    const extra = {
      format: 'netpol-lab-state',
      version: 1,
      state: { ...STATE, traffic: { ...STATE.traffic, at: 1 } },
    };
    expect(decodeStateFile(JSON.stringify(extra))).toMatchObject({ ok: false });
  });
});
