// shiori serve: one event stream shared by every open tab of the site.
// A browser opens at most six HTTP/1.1 connections to one host; with an
// event stream per tab, six open tabs took them all and every further
// page load waited forever. This shared worker holds the one stream and
// hands its events to each tab; when the stream (re)opens it says `open`,
// and each tab asks the server where its page is (events sent while the
// stream was down are not replayed).
"use strict";
var ports = [];
function send(type, data) {
  ports.forEach(function (port) {
    port.postMessage({ type: type, data: data });
  });
}
var source = new EventSource("/__shiori/events");
source.onopen = function () {
  send("open", "");
};
["reload", "index", "failed", "fixed"].forEach(function (type) {
  source.addEventListener(type, function (event) {
    send(type, event.data);
  });
});
self.onconnect = function (event) {
  var port = event.ports[0];
  ports.push(port);
  port.start();
};
