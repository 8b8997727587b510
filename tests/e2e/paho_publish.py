"""Publishes one message with the Python paho-mqtt client, as a sensor would:
a random client id, user name and password, QoS 1, then disconnects.

Usage: paho_publish.py PORT TOPIC PAYLOAD USER PASSWORD
"""
import random
import sys

import paho.mqtt.client as mqtt


def main() -> None:
    port, topic, payload, user, password = sys.argv[1:6]
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=f"python-mqtt-{random.randint(0, 9999)}",
    )
    client.username_pw_set(user, password)
    client.connect("127.0.0.1", int(port))
    client.loop_start()
    info = client.publish(topic, payload, qos=1)
    info.wait_for_publish(timeout=10)
    if not info.is_published():
        sys.exit("not acknowledged")
    client.loop_stop()
    client.disconnect()


if __name__ == "__main__":
    main()
