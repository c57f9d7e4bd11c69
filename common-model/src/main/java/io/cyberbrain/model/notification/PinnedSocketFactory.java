package io.cyberbrain.model.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

/**
 * Plain sockets that connect to one address checked beforehand, whatever host they are asked for, so that
 * Jakarta Mail cannot resolve the SMTP host a second time. TLS (implicit or STARTTLS) is layered on top by
 * Jakarta Mail with the configured host name, so certificates are still checked against that name.
 */
final class PinnedSocketFactory extends SocketFactory {

    private final InetAddress address;

    PinnedSocketFactory(InetAddress address) {
        this.address = address;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                super.connect(new InetSocketAddress(address, ((InetSocketAddress) endpoint).getPort()), timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(host.getHostAddress(), port, localAddress, localPort);
    }
}
