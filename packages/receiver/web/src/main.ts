import { startRouter } from './router';
import { searchView } from './search-view';
import { serviceMapView } from './service-map';
import { traceView } from './trace-view';

startRouter(document.getElementById('view')!, [
  { pattern: /^\/(?:search)?$/, view: () => searchView, nav: 'search' },
  { pattern: /^\/trace\/([0-9a-fA-F]{1,32})\/?$/, view: (match) => traceView(match[1].toLowerCase()) },
  { pattern: /^\/map\/?$/, view: () => serviceMapView, nav: 'map' },
  { pattern: /./, view: () => (root) => void root.append(Object.assign(document.createElement('p'), { className: 'notice error', textContent: 'No such page.' })) },
]);
