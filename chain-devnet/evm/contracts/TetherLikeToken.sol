// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title USDT-like test token (devnet only)
/// @notice Mimics Ethereum mainnet USDT (TetherToken) where it matters to a payment system:
///  6 decimals; transfer / transferFrom / approve return NOTHING (not bool), so callers must not expect a
///  return value; the owner can addBlackList / removeBlackList, and a blacklisted sender's transfer reverts;
///  the owner issues new tokens (here: to any address, for funding test accounts).
///  Not the real TetherToken: no fees, no pause, no upgrade. Never deploy outside a devnet.
contract TetherLikeToken {
    string public name;
    string public symbol;
    uint256 public decimals;
    uint256 public totalSupply;
    address public owner;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => bool) public isBlackListed;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event AddedBlackList(address user);
    event RemovedBlackList(address user);
    event Issue(uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "not owner");
        _;
    }

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
        decimals = 6;
        owner = msg.sender;
    }

    function transfer(address to, uint256 value) public {
        require(!isBlackListed[msg.sender], "blacklisted");
        _move(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) public {
        require(!isBlackListed[from], "blacklisted");
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= value, "allowance");
        if (allowed != type(uint256).max) {
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
    }

    function approve(address spender, uint256 value) public {
        // USDT's own race guard: change a non-zero allowance only through zero
        require(!(value != 0 && allowance[msg.sender][spender] != 0), "reset allowance to 0 first");
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    function issueTo(address to, uint256 amount) public onlyOwner {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Issue(amount);
        emit Transfer(address(0), to, amount);
    }

    function addBlackList(address user) public onlyOwner {
        isBlackListed[user] = true;
        emit AddedBlackList(user);
    }

    function removeBlackList(address user) public onlyOwner {
        isBlackListed[user] = false;
        emit RemovedBlackList(user);
    }

    function getBlackListStatus(address user) external view returns (bool) {
        return isBlackListed[user];
    }

    function _move(address from, address to, uint256 value) private {
        require(to != address(0), "to zero address");
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
