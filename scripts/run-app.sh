#!/usr/bin/env bash
# Runs the webmqtt web app against a local Mosquitto.
#
# The app does not exist yet: so far the project has its codec (see
# README.md). This command will start a loopback Mosquitto and serve the app
# once the browser client and the app have landed.
echo "webmqtt: the web app is not built yet; only the codec exists so far." >&2
echo "Run ./scripts/test.sh to test what exists." >&2
exit 1
