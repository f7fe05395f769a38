/** Loopback ports for the tests' own servers. No AWS SDK here: the global fixtures load this before any test file. */
import * as net from "net";

/** A free loopback port (free when asked; good enough for a test's own server). */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}
