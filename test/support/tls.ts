/** A throwaway CA and a server certificate for 127.0.0.1, made with openssl, for servers the integration tests run. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface TestCertificates {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export const hasOpenssl = (): boolean => spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0;

/** Writes ca.pem, server.pem and server.key (mode 0600) into `dir`; the server certificate names IP 127.0.0.1. */
export function makeCertificates(dir: string): TestCertificates {
  const openssl = (args: string[]) => {
    const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
  };
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test-ca"]);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
  fs.writeFileSync(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "san.ext"]);
  fs.chmodSync(path.join(dir, "server.key"), 0o600);
  return { ca: path.join(dir, "ca.pem"), cert: path.join(dir, "server.pem"), key: path.join(dir, "server.key") };
}
