import { api } from './api';
import { knowServices } from './colors';
import { h } from './dom';
import { startRouter } from './router';
import { searchView } from './search-view';
import { serviceMapView } from './service-map';
import { traceView } from './trace-view';

const root = document.getElementById('view')!;
// Colours first, so that a service looks the same in every view; a receiver that does not answer
// leaves them to the order services are drawn in.
void api
  .services()
  .then(knowServices, () => {})
  .then(() =>
    startRouter(root, [
      { pattern: /^\/(?:search)?$/, view: () => searchView, nav: 'search' },
      { pattern: /^\/trace\/([0-9a-fA-F]{1,32})\/?$/, view: (match) => traceView(match[1].toLowerCase()) },
      { pattern: /^\/map\/?$/, view: () => serviceMapView, nav: 'map' },
      { pattern: /./, view: () => (view) => void view.append(h('p', { class: 'notice error', role: 'alert' }, 'No such page.'), h('a', { href: '/search' }, 'Search traces')) },
    ]),
  );
