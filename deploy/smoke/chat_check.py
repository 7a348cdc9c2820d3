#!/usr/bin/env python3
"""deploy/smoke.sh's end-to-end check of a running Relay: two new users, a friendship, one private message sent over
the WebSocket, delivered to the peer's socket and read back from the history. REST through the API gateway, the
sender's socket directly on message-gateway (/ws), the receiver's through the API gateway (/api/chat/ws).

usage: chat_check.py GATEWAY_URL MESSAGE_GATEWAY_WS_URL   e.g. http://127.0.0.1:18080 ws://127.0.0.1:18090/ws
Prints one line per check; exits 1 at the first that fails. Needs python3-websockets (Debian) or `pip install
websockets`.
"""

import asyncio
import json
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request

import websockets

TIMEOUT = 20


def check(what):
    print(f"  ok  {what}", flush=True)


def fail(what):
    print(f"  FAIL {what}", flush=True)
    sys.exit(1)


def call(base, method, path, body=None, token=None, expect=(200,)):
    request = urllib.request.Request(base + path, method=method)
    request.add_header("Accept", "application/json")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, data=data, timeout=TIMEOUT) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if status not in expect:
        fail(f"{method} {path}: HTTP {status}, expected {expect}: {text[:300]}")
    return json.loads(text) if text else None


async def next_frame(socket, wanted, what):
    """The next frame for which wanted(frame) holds; presence and notification frames may come first."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    try:
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            frame = json.loads(await asyncio.wait_for(socket.recv(), max(remaining, 0.001)))
            if frame.get("type") == "error":
                fail(f"{what}: error frame {frame}")
            if wanted(frame):
                return frame
    except asyncio.TimeoutError:
        fail(f"{what}: nothing within {TIMEOUT} s")
    except websockets.ConnectionClosed as e:
        fail(f"{what}: the socket was closed: {e}")


async def main(gateway, direct_ws):
    suffix = secrets.token_hex(4)
    password = "smoke-" + secrets.token_hex(8)
    users = {}
    for name in ("alice", "bob"):
        # The first calls after a start go through cold gRPC channels and code: on a loaded machine they can run past
        # auth-service's deadline (503). Up to three attempts, each with a new name, and each retry is printed.
        for attempt in range(1, 4):
            username = f"smoke_{name}_{suffix}" + ("" if attempt == 1 else f"_{attempt}")
            registered = call(gateway, "POST", "/api/auth/register",
                              {"username": username, "password": password},
                              expect=(201,) if attempt == 3 else (201, 503))
            if "user" in registered:
                break
            print(f"  retry registration after 503 {registered.get('code')}: {registered.get('detail', '')[:120]}")
            await asyncio.sleep(5)
        users[name] = {"id": registered["user"]["id"], "token": registered["accessToken"], "username": username}
        check(f"registered {username} (POST /api/auth/register → 201, user {registered['user']['id']})")
    alice, bob = users["alice"], users["bob"]

    request = call(gateway, "POST", "/api/friends/requests", {"userId": bob["id"]}, alice["token"], expect=(201,))
    if request.get("status") != "PENDING":
        fail(f"friend request: {request}")
    check("alice asked bob to be friends (POST /api/friends/requests → 201 PENDING)")
    incoming = call(gateway, "GET", "/api/friends/requests?direction=incoming", token=bob["token"])
    ids = [r["id"] for r in incoming["items"] if r["fromUserId"] == alice["id"]]
    if not ids:
        fail(f"bob's incoming requests do not hold alice's: {incoming}")
    call(gateway, "POST", f"/api/friends/requests/{ids[0]}/accept", token=bob["token"])
    friends = call(gateway, "GET", "/api/friends", token=alice["token"])
    if bob["id"] not in [f["userId"] for f in friends["items"]]:
        fail(f"alice's friends do not hold bob: {friends}")
    check("bob accepted; alice's friend list holds bob (GET /api/friends)")

    gateway_ws = gateway.replace("http", "ws", 1) + "/api/chat/ws"
    query = "?" + urllib.parse.urlencode({"token": bob["token"], "deviceId": "smoke-bob", "platform": "DESKTOP"})
    async with websockets.connect(gateway_ws + query, open_timeout=TIMEOUT) as bob_socket:
        check("bob's WebSocket is open through the API gateway (/api/chat/ws)")
        query = "?" + urllib.parse.urlencode({"token": alice["token"], "deviceId": "smoke-alice", "platform": "DESKTOP"})
        async with websockets.connect(direct_ws + query, open_timeout=TIMEOUT) as alice_socket:
            check("alice's WebSocket is open directly on message-gateway (/ws)")
            client_msg_id = "smoke-" + secrets.token_hex(8)
            text = f"hello bob, this is the smoke test {suffix}"
            await alice_socket.send(json.dumps({"type": "send", "id": client_msg_id, "conversationType": "PRIVATE",
                                                "to": bob["id"], "contentType": "TEXT", "content": text}))
            ack = await next_frame(alice_socket, lambda f: f.get("type") == "ack" and f.get("id") == client_msg_id,
                                   "alice's ack")
            message = ack["message"]
            check(f"alice sent a message over the WebSocket: ack with seq {message['seq']}, "
                  f"messageId {message['messageId']}")
            delivered = await next_frame(
                bob_socket,
                lambda f: f.get("type") == "message" and f["message"]["messageId"] == message["messageId"],
                "delivery to bob")
            if delivered["message"]["content"] != text or delivered["message"]["senderId"] != alice["id"]:
                fail(f"bob got {delivered}")
            check("bob's socket received it: same messageId, sender and text")

    history = call(gateway, "GET", f"/api/chat/private/{alice['id']}/messages?limit=10", token=bob["token"])
    stored = [m for m in history["items"] if m["messageId"] == message["messageId"]]
    if not stored or stored[0]["content"] != text or stored[0]["seq"] != message["seq"]:
        fail(f"bob's history does not hold the message: {history}")
    check(f"bob read it back from the history (GET /api/chat/private/{{alice}}/messages): seq {stored[0]['seq']}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1].rstrip("/"), sys.argv[2]))
