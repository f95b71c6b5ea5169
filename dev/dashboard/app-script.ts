/**
 * The dashboard's browser code, served as /app.js. Plain ES2017 in a string (no bundler in the
 * simulator, and tsx's function-to-string output is not safe to ship to a page). It behaves
 * like the real Next.js app where the extension can tell: client-side navigation with
 * history.pushState, the whole <aside> re-created on every navigation (an App Router layout
 * re-render), the selected client in localStorage['currentClientId'], and the optional
 * `toast-sync:context` announcement from DESIGN.md's dashboard contract.
 *
 * Server text only ever reaches the DOM through textContent.
 */

export const APP_SCRIPT = String.raw`(function () {
  'use strict';

  var CLIENT_KEY = 'currentClientId';
  var NAV = [
    { path: '/visits', label: 'Visits', render: renderVisits },
    { path: '/orders', label: 'Orders', render: renderOrders },
    { path: '/settings/toast', label: 'Toast Settings', render: renderToastSettings },
  ];
  var state = { user: null, clients: [] };
  // Bumped on every render, so answers that arrive after the page changed are dropped.
  var renderSeq = 0;
  // Set while the Toast settings page is showing: re-fetches its Integration Status.
  var refreshIntegrationStatus = null;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function announceEnabled() {
    return document.body.getAttribute('data-announce') === 'true';
  }

  function selectedClientId() {
    try {
      var id = window.localStorage.getItem(CLIENT_KEY);
      return id ? id : null;
    } catch (e) {
      return null;
    }
  }

  function clientById(id) {
    for (var i = 0; i < state.clients.length; i++) if (state.clients[i].id === id) return state.clients[i];
    return null;
  }

  function isAdmin() {
    return state.user !== null && state.user.role === 'admin';
  }

  // The three-line integration DESIGN.md recommends for the real dashboard's UserContext.
  function announce() {
    if (!announceEnabled() || state.user === null) return;
    var clientId = selectedClientId();
    var client = clientId === null ? null : clientById(clientId);
    window.postMessage(
      { type: 'toast-sync:context', clientId: clientId, clientName: client ? client.name : null, isAdmin: isAdmin() },
      window.location.origin
    );
  }

  function currentPage() {
    for (var i = 0; i < NAV.length; i++) if (NAV[i].path === window.location.pathname) return NAV[i];
    return NAV[0];
  }

  function buildSidebar(page) {
    var picker = null;
    if (isAdmin()) {
      var selected = selectedClientId();
      var select = el('select', { id: 'client-picker', 'aria-label': 'Client' }, [el('option', { value: '', text: 'Select a client…' })]);
      state.clients.forEach(function (client) {
        select.appendChild(el('option', { value: client.id, text: client.name, selected: client.id === selected }));
      });
      select.value = selected !== null && clientById(selected) ? selected : '';
      select.addEventListener('change', function () {
        try {
          if (select.value) window.localStorage.setItem(CLIENT_KEY, select.value);
          else window.localStorage.removeItem(CLIENT_KEY);
        } catch (e) {
          // Storage can be disabled; the page still works for this view.
        }
        announce();
        renderContent();
      });
      picker = el('div', { className: 'picker' }, [el('label', { for: 'client-picker', className: 'label', text: 'Client' }), select]);
    }

    var nav = el(
      'nav',
      { className: 'nav' },
      NAV.map(function (item) {
        return el('a', { href: item.path, 'data-nav': true, 'aria-current': item === page ? 'page' : null, text: item.label });
      })
    );

    var signOut = el('button', { type: 'button', id: 'sign-out', text: 'Sign Out' });
    signOut.addEventListener('click', function () {
      signOut.disabled = true;
      fetch('/api/logout', { method: 'POST', credentials: 'same-origin' })
        .catch(function () {
          return null;
        })
        .then(function () {
          window.location.href = '/login';
        });
    });

    return el('aside', { id: 'sidebar' }, [
      el('div', { className: 'brand', text: 'Restaurant CRM' }),
      picker,
      nav,
      el('div', { className: 'sidebar-footer' }, [
        el('div', { className: 'user' }, [
          el('div', { id: 'user-name', className: 'user-name', text: state.user.name }),
          el('div', { id: 'user-role', className: 'muted', text: state.user.role === 'admin' ? 'Admin' : 'Staff' }),
        ]),
        signOut,
      ]),
    ]);
  }

  function render() {
    var page = currentPage();
    var fresh = buildSidebar(page);
    var old = document.getElementById('sidebar');
    if (old) old.replaceWith(fresh);
    else document.getElementById('layout').insertBefore(fresh, document.getElementById('content'));
    document.title = page.label + ' · Restaurant CRM';
    renderContent();
    announce();
  }

  function renderContent() {
    renderSeq++;
    refreshIntegrationStatus = null;
    var main = document.getElementById('content');
    while (main.firstChild) main.removeChild(main.firstChild);
    currentPage().render(main, renderSeq);
  }

  function noClient(main, what) {
    main.appendChild(
      el('p', { id: 'no-client', className: 'muted', text: isAdmin() ? 'Select a client to see its ' + what + '.' : 'No client selected.' })
    );
  }

  function getJson(url, seq) {
    return fetch(url, { credentials: 'same-origin' }).then(function (res) {
      if (res.status === 401) {
        window.location.href = '/login';
        return null;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json().then(function (data) {
        return seq === renderSeq ? data : null;
      });
    });
  }

  function table(id, headers, rows) {
    return el('table', { id: id }, [
      el('thead', null, [el('tr', null, headers.map(function (h) { return el('th', { text: h }); }))]),
      el(
        'tbody',
        null,
        rows.map(function (cells) {
          return el('tr', null, cells.map(function (c) { return el('td', { text: c }); }));
        })
      ),
    ]);
  }

  function header(title, subtitle) {
    return el('header', { className: 'page-header' }, [el('h1', { text: title }), subtitle ? el('p', { className: 'muted', text: subtitle }) : null]);
  }

  function clientSubtitle() {
    var id = selectedClientId();
    var client = id === null ? null : clientById(id);
    return client ? client.name : null;
  }

  function loading(main) {
    var p = el('p', { className: 'muted', text: 'Loading…' });
    main.appendChild(p);
    return p;
  }

  function failed(node, err) {
    node.textContent = 'Could not load: ' + (err && err.message ? err.message : 'network error');
  }

  function renderVisits(main, seq) {
    main.appendChild(header('Visits', clientSubtitle()));
    var clientId = selectedClientId();
    if (clientId === null) return noClient(main, 'visits');
    var wait = loading(main);
    getJson('/api/visits?clientId=' + encodeURIComponent(clientId), seq).then(function (data) {
      if (!data) return;
      wait.replaceWith(
        table(
          'visits-table',
          ['Guest', 'Party', 'Visited'],
          data.visits.map(function (v) {
            return [v.guest, String(v.partySize), new Date(v.visitedAt).toLocaleString()];
          })
        )
      );
    }, function (err) { failed(wait, err); });
  }

  function renderOrders(main, seq) {
    main.appendChild(header('Orders', clientSubtitle()));
    var clientId = selectedClientId();
    if (clientId === null) return noClient(main, 'orders');
    var wait = loading(main);
    getJson('/api/orders?clientId=' + encodeURIComponent(clientId), seq).then(function (data) {
      if (!data) return;
      if (data.orders.length === 0) {
        wait.replaceWith(el('p', { id: 'no-orders', className: 'muted', text: 'No orders synced yet.' }));
        return;
      }
      wait.replaceWith(
        table(
          'orders-table',
          ['Order #', 'Opened', 'Items', 'Total'],
          data.orders.map(function (o) {
            return [String(o.displayNumber), new Date(o.openedDate).toLocaleString(), String(o.itemCount), '$' + o.totalAmount.toFixed(2)];
          })
        )
      );
    }, function (err) { failed(wait, err); });
  }

  function describeSync(res, text) {
    var data = null;
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
    if (res.redirected) return 'Session expired: sign in again';
    if (res.ok && data && typeof data.ordersSynced === 'number') return 'Synced ' + data.ordersSynced + ' orders';
    if (data && typeof data.error === 'string') return data.error;
    if (res.ok) return 'Unexpected answer from the server';
    return 'Sync failed (HTTP ' + res.status + ')';
  }

  function renderToastSettings(main, seq) {
    main.appendChild(header('Toast Settings', clientSubtitle()));
    var clientId = selectedClientId();
    if (clientId === null) return noClient(main, 'Toast integration');

    var result = el('p', { id: 'page-sync-result', role: 'status', className: 'result' });
    var button = el('button', { type: 'button', id: 'page-sync-now', className: 'primary', text: 'Sync Now' });
    var connection = el('span', { id: 'integration-connected', text: '…' });
    var lastAt = el('span', { id: 'last-sync-at', text: '…' });
    var lastStatus = el('span', { id: 'last-sync-status', text: '…' });

    main.appendChild(
      el('section', { id: 'toast-integration', className: 'card' }, [
        el('h2', { text: 'Toast POS' }),
        el('p', { className: 'muted', text: 'Orders are pulled from Toast for the selected client.' }),
        el('div', { className: 'row' }, [button, result]),
      ])
    );
    main.appendChild(
      el('section', { id: 'integration-status', className: 'card' }, [
        el('h2', { text: 'Integration Status' }),
        el('dl', null, [
          el('dt', { text: 'Connection' }), el('dd', null, [connection]),
          el('dt', { text: 'Last sync' }), el('dd', null, [lastAt]),
          el('dt', { text: 'Last status' }), el('dd', null, [lastStatus]),
        ]),
      ])
    );

    function loadStatus() {
      getJson('/api/toast/setup?clientId=' + encodeURIComponent(clientId), seq).then(function (s) {
        if (!s) return;
        connection.textContent = s.connected ? 'Connected' : 'Not connected';
        lastAt.textContent = s.last_sync_at || 'Never';
        lastStatus.textContent = s.last_sync_status || '—';
      }, function (err) {
        failed(connection, err);
      });
    }
    refreshIntegrationStatus = loadStatus;
    loadStatus();

    button.addEventListener('click', function () {
      button.disabled = true;
      result.textContent = 'Syncing…';
      fetch('/api/toast/sync', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId: clientId }),
        credentials: 'same-origin',
      })
        .then(function (res) {
          return res.text().then(function (text) {
            return describeSync(res, text);
          });
        })
        .catch(function () {
          return 'Network error: the dashboard did not answer';
        })
        .then(function (message) {
          if (seq !== renderSeq) return;
          result.textContent = message;
          button.disabled = false;
          loadStatus();
        });
    });
  }

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target && event.target.closest ? event.target.closest('a[data-nav]') : null;
    if (!link) return;
    event.preventDefault();
    var href = link.getAttribute('href');
    if (href !== window.location.pathname) window.history.pushState(null, '', href);
    render();
  });
  window.addEventListener('popstate', function () {
    if (state.user !== null) render();
  });
  // The extension dispatches this after each sync it makes (DESIGN.md, "Integration status refresh").
  document.addEventListener('toast-sync:synced', function () {
    if (refreshIntegrationStatus !== null) refreshIntegrationStatus();
  });

  fetch('/api/me', { credentials: 'same-origin' })
    .then(function (res) {
      if (res.status === 401) {
        window.location.replace('/login');
        return null;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(function (me) {
      if (!me) return;
      state.user = me.user;
      state.clients = me.clients;
      render();
    })
    .catch(function (err) {
      failed(document.getElementById('content'), err);
    });
})();
`;
