// Supervisors' reports in the console: a period's figures in all, per day, team and agent, two
// charts (Chart.js from its WebJar, loaded the first time the page opens) and each table as CSV.
import { api, appUrl, h } from "./chat-client.js";

const CHART_JS = "/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
const $ = (id) => document.getElementById(id);

let token = null;
let charts = [];
let chartLibrary = null;
let shown = null; // the last report: {summary, daily}

/** Opens the page for a supervisor's token, with the last 30 days of every team. */
export function openReports(supervisorToken, teams) {
  token = supervisorToken;
  const form = $("report-form");
  if (!$("report-to").value) {
    const today = new Date();
    $("report-to").value = isoDay(today);
    $("report-from").value = isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
  }
  const chosen = $("report-team").value;
  $("report-team").replaceChildren(
    h("option", { value: "" }, "All teams"),
    ...teams.map((t) => h("option", { value: t.id }, t.name)),
  );
  if (teams.some((t) => t.id === chosen)) $("report-team").value = chosen;
  $("report-zone").textContent = zone();
  form.requestSubmit();
}

function zone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

$("report-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("report-error").textContent = "";
  const query = new URLSearchParams({ from: $("report-from").value, to: $("report-to").value, timeZone: zone() });
  if ($("report-team").value) query.set("teamId", $("report-team").value);
  $("reports").setAttribute("aria-busy", "true");
  try {
    const [summary, daily] = await Promise.all([
      api("GET", `/api/reports/summary?${query}`, undefined, token),
      api("GET", `/api/reports/daily?${query}`, undefined, token),
    ]);
    shown = { summary, daily };
    render(summary, daily);
  } catch (error) {
    $("report-error").textContent = error.message || "The report could not be read; try again.";
  } finally {
    $("reports").removeAttribute("aria-busy");
  }
});

// --- figures ----------------------------------------------------------------------------------

/** Seconds as a person reads a wait: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function duration(seconds) {
  if (seconds == null) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
  return `${Math.floor(s / 86400)} d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)} h` : ""}`;
}

function rating(f) {
  return f.ratings ? `${f.averageRating.toFixed(2)} of 5 (${f.ratings})` : "–";
}

// Each column: its heading, how the page shows it, and its name and value in the CSV (times in
// seconds, the satisfaction as the average score).
const COLUMNS = [
  ["Started", (f) => f.started, "started", (f) => f.started],
  ["Resolved", (f) => f.resolved, "resolved", (f) => f.resolved],
  ["Waiting now", (f) => f.waiting, "waiting_now", (f) => f.waiting],
  ["First response, median", (f) => duration(f.firstResponseMedian), "first_response_median_s", (f) => f.firstResponseMedian],
  ["First response, 90%", (f) => duration(f.firstResponseP90), "first_response_p90_s", (f) => f.firstResponseP90],
  ["Resolution, median", (f) => duration(f.resolutionMedian), "resolution_median_s", (f) => f.resolutionMedian],
  ["Resolution, 90%", (f) => duration(f.resolutionP90), "resolution_p90_s", (f) => f.resolutionP90],
  ["Satisfaction", rating, "average_rating", (f) => f.averageRating],
  ["Ratings", (f) => f.ratings, "ratings", (f) => f.ratings],
];

function render(summary, daily) {
  const t = summary.total;
  $("report-totals").replaceChildren(
    ...COLUMNS.filter(([name]) => name !== "Ratings").map(([name, show]) => h("div", {}, h("dt", {}, name), h("dd", {}, String(show(t))))),
  );
  table("report-days", "Day", daily.days.map((d) => [d.date, d.figures]));
  table("report-teams", "Team", summary.teams.map((g) => [g.name, g.figures]));
  table("report-agents", "Agent", summary.agents.map((g) => [g.name, g.figures]));
  drawCharts(daily.days).catch((error) => {
    $("report-error").textContent = `The charts could not be drawn (${error.message}); the tables hold every figure.`;
  });
}

function table(id, first, rows) {
  $(id).replaceChildren(
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, first), ...COLUMNS.map(([name]) => h("th", { scope: "col" }, name)))),
    h(
      "tbody",
      {},
      ...(rows.length
        ? rows.map(([label, f]) => h("tr", {}, h("th", { scope: "row" }, label), ...COLUMNS.map(([, show]) => h("td", {}, String(show(f))))))
        : [h("tr", {}, h("td", { colspan: COLUMNS.length + 1 }, "Nothing in this period."))]),
    ),
  );
}

// --- CSV ----------------------------------------------------------------------------------------

/** One CSV field: quoted, and a leading = + - @ defused so a spreadsheet never runs it. */
export function csvField(value) {
  let text = value == null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csv(first, rows) {
  const lines = [[first, ...COLUMNS.map(([, , name]) => name)], ...rows.map(([label, f]) => [label, ...COLUMNS.map(([, , , raw]) => raw(f))])];
  return lines.map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function download(kind) {
  if (!shown) return;
  const { summary, daily } = shown;
  const p = summary.period;
  const rows = {
    days: ["date", daily.days.map((d) => [d.date, d.figures])],
    teams: ["team", summary.teams.map((g) => [g.name, g.figures])],
    agents: ["agent", summary.agents.map((g) => [g.name, g.figures])],
  }[kind];
  const blob = new Blob([csv(...rows)], { type: "text/csv;charset=utf-8" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `switchboard-${kind}-${p.from}-${p.to}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

for (const kind of ["days", "teams", "agents"]) {
  $(`report-csv-${kind}`).addEventListener("click", () => download(kind));
}

// --- charts -------------------------------------------------------------------------------------

function loadChartLibrary() {
  chartLibrary ??= new Promise((resolve, reject) => {
    const script = h("script", { src: appUrl(CHART_JS).href });
    script.addEventListener("load", () => resolve(window.Chart));
    script.addEventListener("error", () => {
      chartLibrary = null;
      reject(new Error("the chart library did not load"));
    });
    document.head.append(script);
  });
  return chartLibrary;
}

async function drawCharts(days) {
  const Chart = await loadChartLibrary();
  charts.forEach((c) => c.destroy());
  const labels = days.map((d) => d.date);
  const minutes = (s) => (s == null ? null : Math.round(s / 6) / 10);
  charts = [
    new Chart($("report-volume"), {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: "Started", data: days.map((d) => d.figures.started), backgroundColor: "#1f5fbf" },
          { label: "Resolved", data: days.map((d) => d.figures.resolved), backgroundColor: "#2e8540" },
        ],
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    new Chart($("report-times"), {
      type: "line",
      data: {
        labels,
        datasets: [
          { label: "First response, median (min)", data: days.map((d) => minutes(d.figures.firstResponseMedian)), borderColor: "#1f5fbf", spanGaps: true },
          { label: "Resolution, median (min)", data: days.map((d) => minutes(d.figures.resolutionMedian)), borderColor: "#b35c00", spanGaps: true },
        ],
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
    }),
  ];
}
