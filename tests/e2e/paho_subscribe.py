"""Subscribes with the Python paho-mqtt client, as a device listening for
commands would, and prints every message that arrives within SECONDS as
one JSON list of [topic, payload] pairs. Prints "ready" first, once the
subscription is granted.

Usage: paho_subscribe.py PORT TOPIC USER PASSWORD SECONDS
"""
import json
import random
import sys
import time

import paho.mqtt.client as mqtt


def main() -> None:
    port, topic, user, password, seconds = sys.argv[1:6]
    got = []
    subscribed = []
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=f"python-device-{random.randint(0, 9999)}",
    )
    client.username_pw_set(user, password)
    client.on_message = lambda c, u, m: got.append([m.topic, m.payload.decode()])
    client.on_subscribe = lambda c, u, mid, codes, props: subscribed.append(codes)
    client.connect("127.0.0.1", int(port))
    client.loop_start()
    client.subscribe(topic, qos=1)
    deadline = time.time() + 10
    while not subscribed and time.time() < deadline:
        time.sleep(0.02)
    if not subscribed:
        sys.exit("not subscribed")
    print("ready", flush=True)
    time.sleep(float(seconds))
    client.loop_stop()
    client.disconnect()
    print(json.dumps(got), flush=True)


if __name__ == "__main__":
    main()
