import { describe, expect, it } from 'vitest';
import { detectRecurringClusters } from '../../src/modules/problems/problem.detect.js';
import { jaccard, similarityTokens } from '../../src/modules/problems/problem.similarity.js';
import { generateHistory, scoreDetection } from '../support/recurring-history.js';

describe('recurring-incident detection', () => {
  it('finds the generated recurring clusters with high precision and recall', () => {
    const scores = [1, 2, 3, 4, 5].map((seed) => {
      const { incidents, truth } = generateHistory({ seed });
      const clusters = detectRecurringClusters(incidents);
      return scoreDetection(
        truth,
        clusters.map((c) => c.incidentIds),
      );
    });
    const mean = (f: (s: (typeof scores)[number]) => number) =>
      scores.reduce((sum, s) => sum + f(s), 0) / scores.length;
    // Lexical similarity still joins "same symptom, different thing" noise now and then (see bench).
    expect(mean((s) => s.clusters.recall)).toBeGreaterThanOrEqual(0.85);
    expect(mean((s) => s.clusters.precision)).toBeGreaterThanOrEqual(0.55);
    expect(mean((s) => s.incidents.recall)).toBeGreaterThanOrEqual(0.75);
    for (const s of scores) expect(s.clusters.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('does not join recurrences further apart than the window', () => {
    const make = (id: string, day: number) => ({
      id,
      title: '打印机卡纸',
      description: '',
      createdAt: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString(),
      categoryId: 'printer',
      serviceId: null,
      ciIds: [],
    });
    const spread = [make('a', 0), make('b', 40), make('c', 80)];
    expect(detectRecurringClusters(spread)).toEqual([]);
    const close = [make('a', 0), make('b', 3), make('c', 6)];
    const [cluster] = detectRecurringClusters(close);
    expect(cluster?.incidentIds).toEqual(['a', 'b', 'c']);
    expect(cluster?.categoryId).toBe('printer');
  });

  it('gives a shared CI weight', () => {
    const base = { description: '', categoryId: null, serviceId: null };
    const at = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();
    const texts = ['交换机端口告警', '核心交换机端口告警', '交换机端口又告警'];
    const without = texts.map((title, i) => ({ ...base, id: `x${i}`, title, createdAt: at(i), ciIds: [] }));
    const withCi = without.map((x) => ({ ...x, ciIds: ['ci-switch-1'] }));
    expect(detectRecurringClusters(without)).toEqual([]);
    expect(detectRecurringClusters(withCi)[0]?.ciIds).toEqual(['ci-switch-1']);
  });

  it('measures text similarity across Chinese phrasing and English words', () => {
    const vpn = similarityTokens('VPN 连接超时');
    expect(jaccard(vpn, similarityTokens('在家 VPN 连接一直超时'))).toBeGreaterThan(0.3);
    expect(jaccard(vpn, similarityTokens('打印机卡纸'))).toBe(0);
    expect(
      jaccard(similarityTokens('Outlook cannot receive mail'), similarityTokens('outlook receive mail fails')),
    ).toBeGreaterThan(0.4);
  });
});
