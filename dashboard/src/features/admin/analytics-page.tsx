import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { AnalyticsSummary, FlushStatus, PopularAssets } from '../../api/types';
import { assetTypeName, formatNumber, formatRelativeTime } from '../../lib/format';
import { PageHeader, Card } from '../../ui/page';
import { Button } from '../../ui/button';
import { Modal } from '../../ui/modal';
import { DashboardStatsSkeleton, TableSkeleton } from '../../ui/skeletons';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { BarList, HourlyChart } from './hourly-chart';

const periods = [7, 30, 90] as const;

export function AnalyticsPage() {
  const [summary, setSummary] = useState<AnalyticsSummary | null>(null);
  const [status, setStatus] = useState<FlushStatus | null>(null);
  const [popular, setPopular] = useState<PopularAssets | null>(null);
  const [days, setDays] = useState<(typeof periods)[number]>(30);
  const [flushing, setFlushing] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);

  const loadLive = () =>
    Promise.all([api.analytics.summary({ query: { top: 10 } }), api.analytics.flushStatus()]).then(
      ([loadedSummary, loadedStatus]) => {
        setSummary(loadedSummary);
        setStatus(loadedStatus);
      },
      reportError,
    );

  useEffect(() => {
    void loadLive();
    const timer = setInterval(() => void loadLive(), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    setPopular(null);
    api.analytics.popularAssets({ query: { days, limit: 10 } }).then(setPopular, reportError);
  }, [days]);

  const flush = async () => {
    setFlushing(true);
    try {
      const result = await api.analytics.flush();
      notify('success', `Flushed ${formatNumber(result.eventsFlushed)} events to the long-term store`);
      await loadLive();
      setPopular(await api.analytics.popularAssets({ query: { days, limit: 10 } }));
    } catch (error) {
      reportError(error);
    } finally {
      setFlushing(false);
    }
  };

  const clear = async () => {
    setConfirmClear(false);
    try {
      const result = await api.analytics.clear();
      notify('success', `Cleared ${formatNumber(result.clearedEvents)} buffered events`);
      await loadLive();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <div class="page">
      <PageHeader
        eyebrow="Admin"
        title="Analytics"
        description="Live product usage from the real-time store, and popularity from the long-term store."
        actions={
          <>
            <Button icon="refresh" busy={flushing} onClick={() => void flush()}>
              Flush now
            </Button>
            <Button variant="danger" icon="trash" onClick={() => setConfirmClear(true)}>
              Clear live data
            </Button>
          </>
        }
      />
      {summary ? (
        <div class="stat-grid">
          <div class="stat-card stat-accent">
            <span class="stat-label">Events</span>
            <span class="stat-value">{formatNumber(summary.totalEvents)}</span>
            <span class="stat-foot">
              {formatNumber(summary.signedInEvents)} signed in · {formatNumber(summary.anonymousEvents)} anonymous
            </span>
          </div>
          <div class="stat-card">
            <span class="stat-label">Active sessions</span>
            <span class="stat-value">{formatNumber(summary.activeSessions)}</span>
            <span class="stat-foot">last 30 minutes</span>
          </div>
          <div class="stat-card">
            <span class="stat-label">Buffered</span>
            <span class="stat-value">{formatNumber(summary.bufferedEvents)}</span>
            <span class="stat-foot">
              of {formatNumber(summary.maxEvents)} · {formatNumber(summary.trimmedEvents)} trimmed
            </span>
          </div>
          <div class="stat-card">
            <span class="stat-label">Last flush</span>
            <span class="stat-value stat-value-sm">
              {status?.lastFlushAt ? formatRelativeTime(status.lastFlushAt) : 'Never'}
            </span>
            <span class="stat-foot">
              {status?.inProgress
                ? 'Flushing now…'
                : status?.lastError
                  ? `Last error: ${status.lastError}`
                  : `Every ${status?.flushInterval ?? 'hour'}`}
            </span>
          </div>
        </div>
      ) : (
        <DashboardStatsSkeleton />
      )}
      <div class="admin-grid">
        <Card title="Last 24 hours">
          {summary ? <HourlyChart hours={summary.hourly} /> : <TableSkeleton rows={3} />}
        </Card>
        <Card title="By category">
          {summary ? (
            <BarList items={summary.eventsByCategory.map((item) => ({ name: item.category, count: item.count }))} />
          ) : (
            <TableSkeleton rows={5} />
          )}
        </Card>
        <Card title="Top events">
          {summary ? (
            summary.topEvents.length > 0 ? (
              <BarList items={summary.topEvents.map((event) => ({ name: event.eventName, count: event.count }))} />
            ) : (
              <p class="muted">No events yet.</p>
            )
          ) : (
            <TableSkeleton rows={5} />
          )}
        </Card>
        <Card
          title="Popular asset types"
          actions={
            <div class="segmented segmented-sm" role="radiogroup" aria-label="Period">
              {periods.map((period) => (
                <button
                  key={period}
                  type="button"
                  role="radio"
                  aria-checked={days === period}
                  class={days === period ? 'is-active' : ''}
                  onClick={() => setDays(period)}
                >
                  {period} d
                </button>
              ))}
            </div>
          }
        >
          {popular ? (
            popular.assetTypes.length > 0 ? (
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Assets</th>
                      <th scope="col">Jobs</th>
                      <th scope="col">Downloads</th>
                      <th scope="col">Shares</th>
                      <th scope="col">Views</th>
                    </tr>
                  </thead>
                  <tbody>
                    {popular.assetTypes.map((row) => (
                      <tr key={row.assetType}>
                        <th scope="row">{assetTypeName(row.assetType)}</th>
                        <td>{row.assets ?? row.generatedCount}</td>
                        <td>{row.jobs ?? '–'}</td>
                        <td>{row.downloadedCount}</td>
                        <td>{row.sharedCount}</td>
                        <td>{row.viewedCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">Nothing generated in the last {days} days.</p>
            )
          ) : (
            <TableSkeleton rows={4} />
          )}
        </Card>
      </div>
      <Modal
        open={confirmClear}
        onClose={() => setConfirmClear(false)}
        title="Clear live analytics?"
        size="sm"
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmClear(false)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void clear()}>
              Clear
            </Button>
          </>
        }
      >
        <p>This removes every buffered event that hasn’t been flushed yet. The long-term store is kept.</p>
      </Modal>
    </div>
  );
}
