import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import { fetchSettings } from '@temporalio/ui/services/settings-service';

import '../../app.css';

/** What every page needs first, as Temporal's own UI loads it: the settings, the namespaces, the cluster. */
export const load = async ({ fetch }) => {
  const settings = await fetchSettings(fetch);
  fetchNamespaces(settings, fetch);
  const cluster = await fetchCluster(settings, fetch);
  const systemInfo = await fetchSystemInfo(settings, fetch);
  return { settings, cluster, systemInfo };
};
