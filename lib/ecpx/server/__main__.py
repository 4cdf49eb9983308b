from ecpx.server.app import main

main()
