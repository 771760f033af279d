//! Load on a running `shiori serve`: CLIENTS keep-alive connections at
//! once, each sending REQUESTS requests one after the other over its one
//! connection. Prints errors, requests per second and latency percentiles.
//!
//! cargo run --example serve_load -- 127.0.0.1:1111 /index.html 200 20

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [address, path, clients, requests] = &args[..] else {
        eprintln!("usage: serve_load ADDRESS PATH CLIENTS REQUESTS");
        std::process::exit(2);
    };
    let clients: usize = clients.parse().expect("CLIENTS is a number");
    let requests: usize = requests.parse().expect("REQUESTS is a number");
    let barrier = Arc::new(Barrier::new(clients + 1));
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (address, path, barrier) = (address.clone(), path.clone(), barrier.clone());
            std::thread::spawn(move || client(&address, &path, requests, &barrier))
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (done, failed) = worker.join().expect("client thread");
        latencies.extend(done);
        errors += failed;
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{clients} clients x {requests} requests: {} answered, {errors} errors in {:.2} s; {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5),
        at(0.99),
        at(1.0),
    );
    if errors > 0 {
        std::process::exit(1);
    }
}

/// One keep-alive connection: the latency of each answered request, and
/// how many failed (a read timeout of 10 s counts as a stall).
fn client(address: &str, path: &str, requests: usize, barrier: &Barrier) -> (Vec<Duration>, usize) {
    let connected = TcpStream::connect(address);
    barrier.wait();
    let Ok(stream) = connected else {
        return (Vec::new(), requests);
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(stream);
    let mut latencies = Vec::with_capacity(requests);
    for done in 0..requests {
        let start = Instant::now();
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        if reader.get_mut().write_all(request.as_bytes()).is_err() || !read_ok(&mut reader) {
            return (latencies, requests - done);
        }
        latencies.push(start.elapsed());
    }
    (latencies, 0)
}

/// Reads one response; true when it is a 200 with its whole body.
fn read_ok(reader: &mut BufReader<TcpStream>) -> bool {
    let mut status = String::new();
    if reader.read_line(&mut status).is_err() || !status.contains(" 200 ") {
        return false;
    }
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return false;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).is_ok()
}
