/*
 * The page's bridge to the map's time engine (a Streamlit v2 component, run in the page).
 *
 * Python -> map: each render passes `data.config` (dataset URL, filter mask, mode, window,
 * layers, tiles, range, and a `goto` command), which the engine applies if anything changed.
 * Map -> Python: once the engine has drawn its first day with the events, and then each time
 * the reader settles on a day, toggles a layer or stops panning, the view (day, zoom, centre,
 * layers) becomes the component's state `view`, which reruns the page's follow-up part (day
 * list, charts, URL). The first report is what lets the page draw its list and charts: until
 * then they wait, so that the map's frame has the browser to itself. While scrubbing or
 * playing nothing is sent: the server does no work per step.
 *
 * The keys J, K and P reach the map from anywhere in the page but text fields, and a click
 * on an event's title in the day list shows that event on the map.
 */
const MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
const VIEW_DEBOUNCE_MS = 300;
const bridge = window.__kdBridge || (window.__kdBridge = {
  engine: null,
  config: null,
  setStateValue: null,
  lastSent: null,
  searching: null,
  keysBound: false,
  sidebarChecked: false,
  viewTimer: null,
});

function findEngine() {
  const frame = document.querySelector(MAP_FRAME);
  const inner = frame && frame.contentWindow;
  return inner && inner.kdTime ? inner.kdTime : null;
}

function send(view) {
  const text = JSON.stringify(view);
  if (text === bridge.lastSent || !bridge.setStateValue) return;
  bridge.lastSent = text;
  bridge.setStateValue("view", view);
}

/** Report the view once the engine has drawn a day with its events (the map is on screen). */
function reportWhenDrawn(engine) {
  function drawn() {
    return engine.dataset && engine.drawn.seq > 0;
  }
  if (drawn()) {
    send(engine.view());
    return;
  }
  let reported = false;
  engine.on("day", () => {
    if (reported || !drawn()) return;
    reported = true;
    send(engine.view());
  });
}

function attach(engine) {
  bridge.engine = engine;
  engine.on("settle", send);
  engine.on("layers", send);
  engine.on("view", (view) => {
    clearTimeout(bridge.viewTimer);
    bridge.viewTimer = setTimeout(() => {
      if (!engine.playing) send(view);
    }, VIEW_DEBOUNCE_MS);
  });
  if (bridge.config) engine.configure(bridge.config);
  reportWhenDrawn(engine);
}

/** Wait for the map's engine; the map's frame may be new (first load, or a remount). */
function connect() {
  const engine = findEngine();
  if (engine && engine !== bridge.engine) attach(engine);
  else if (engine && bridge.config) engine.configure(bridge.config);
  if (engine || bridge.searching) return;
  bridge.searching = setInterval(() => {
    const found = findEngine();
    if (!found) return;
    clearInterval(bridge.searching);
    bridge.searching = null;
    if (found !== bridge.engine) attach(found);
  }, 100);
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || !bridge.engine) return;
  const target = event.composedPath ? event.composedPath()[0] : event.target;
  const tag = target && target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
  if (tag === "INPUT" && target.type !== "range" && target.type !== "checkbox") return;
  const key = event.key.toLowerCase();
  if (key === "j") bridge.engine.step(-1);
  else if (key === "k") bridge.engine.step(1);
  else if (key === "p") bridge.engine.togglePlay();
  else return;
  event.preventDefault();
}

function onClick(event) {
  const path = event.composedPath ? event.composedPath() : [event.target];
  const link = path.find((node) => node.dataset && node.dataset.event);
  if (!link || !bridge.engine) return;
  event.preventDefault();
  bridge.engine.showEvent(link.dataset.event);
  const frame = document.querySelector(MAP_FRAME);
  if (frame) frame.scrollIntoView({block: "nearest", behavior: "smooth"});
}

/**
 * On a screen narrower than NARROW_PX, fold the sidebar once when the page opens: the
 * filters are one click away, and the map gets the width (Streamlit itself folds it only
 * below 768 px, which leaves an 800 px screen a map a third as wide).
 */
const NARROW_PX = 1000;
function foldSidebarOnNarrowScreens() {
  if (bridge.sidebarChecked) return;
  bridge.sidebarChecked = true;
  if (window.innerWidth >= NARROW_PX) return;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.dataset.collapsed !== "false") return;
  const fold = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (fold) fold.click();
}

export default function (component) {
  const { data, setStateValue } = component;
  bridge.setStateValue = setStateValue;
  bridge.config = data ? data.config : null;
  if (!bridge.keysBound) {
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick, true);
    bridge.keysBound = true;
  }
  foldSidebarOnNarrowScreens();
  connect();
}
